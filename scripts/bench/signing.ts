// Cortex request signatures (SPEC §4), computed on the client side for load and attack phases:
// lower-case hex HMAC-SHA256 with key = apiKey + apiSecret over `command;METHOD;timestamp`.
import { createHmac, randomBytes } from "node:crypto";

export function signRequest(apiKey: string, apiSecret: string, command: string, method: string, timestamp: string): string {
  return createHmac("sha256", apiKey + apiSecret).update(`${command};${method.toUpperCase()};${timestamp}`).digest("hex");
}

/** A nonce factory: 16 alphanumerics, unique per call (random prefix + counter). */
export function nonceFactory(): () => string {
  const prefix = randomBytes(8).toString("hex").slice(0, 8);
  let counter = 0;
  return () => prefix + (counter++).toString(36).padStart(8, "0");
}

export interface SigningApp {
  apiKey: string;
  apiSecret: string;
}

/** Headers of a freshly signed request (new timestamp and nonce unless given). */
export function signedHeaders(
  app: SigningApp,
  command: string,
  method: string,
  opts: { nonce: string; timestamp?: string; principal?: string },
): Record<string, string> {
  const timestamp = opts.timestamp ?? String(Date.now());
  return {
    "Medable-Client-Key": app.apiKey,
    "Medable-Client-Timestamp": timestamp,
    "Medable-Client-Nonce": opts.nonce,
    "Medable-Client-Signature": signRequest(app.apiKey, app.apiSecret, command, method, timestamp),
    ...(opts.principal ? { "Medable-Client-Account": opts.principal } : {}),
  };
}
