// Signed requests (SPEC §4), the pure part: parse the Medable-Client-* headers, check the time
// window, and verify the HMAC in constant time. No database here: the nonce claim
// (lib/auth/nonces.ts) and the principal (lib/auth/principals.ts) come after, in that order, in
// lib/auth/signed-request.ts — so a request that fails here costs no query and stores nothing.
import { createHmac, timingSafeEqual } from "node:crypto";
import { faults } from "../faults.ts";
import {
  HEADER, NONCE_PATTERN, SIGNATURE_PATTERN, SIGNATURE_WINDOW_MS, TIMESTAMP_PATTERN,
  canonicalCommand, commandFromRequestPath, signatureMessage,
} from "../client/protocol.ts";

export { canonicalCommand, commandFromRequestPath, SIGNATURE_WINDOW_MS };

/** Lower-case hex HMAC-SHA256 with key `apiKey + apiSecret` over `command;METHOD;timestamp`. */
export function computeSignature(key: string, secret: string, command: string, method: string, timestamp: string | number): string {
  return createHmac("sha256", key + secret).update(signatureMessage(command, method, timestamp)).digest("hex");
}

export interface SignatureHeaders {
  signature: string;
  timestamp: string;
  nonce: string;
  /** The requested principal (Medable-Client-Account, or its alias Medable-Client-Principal), or null. */
  principal: string | null;
}

const get = (headers: Headers, name: string) => headers.get(name)?.trim() ?? "";

/** Whether the request presents a signature at all (then it is judged as a signed request). */
export function hasSignatureHeader(headers: Headers): boolean {
  return headers.has(HEADER.signature);
}

/** The signature headers, or kInvalidRequestSignature naming the first missing or malformed one. */
export function parseSignatureHeaders(headers: Headers): SignatureHeaders {
  const signature = get(headers, HEADER.signature);
  const timestamp = get(headers, HEADER.timestamp);
  const nonce = get(headers, HEADER.nonce);
  const malformed = (header: string, what: string) =>
    faults.invalidRequestSignature({ reason: `${header} is ${what}.` });
  if (!signature) throw malformed(HEADER.signature, "missing");
  if (!SIGNATURE_PATTERN.test(signature)) throw malformed(HEADER.signature, "not a hex HMAC-SHA256");
  if (!timestamp) throw malformed(HEADER.timestamp, "missing");
  if (!TIMESTAMP_PATTERN.test(timestamp)) throw malformed(HEADER.timestamp, "not a decimal epoch-milliseconds value");
  if (!nonce) throw malformed(HEADER.nonce, "missing");
  if (!NONCE_PATTERN.test(nonce)) throw malformed(HEADER.nonce, "not 16 letters or digits");

  const account = get(headers, HEADER.account);
  const alias = get(headers, HEADER.principal);
  if (account && alias && account !== alias) {
    throw faults.principalDenied({ reason: `${HEADER.account} and ${HEADER.principal} name different principals.` });
  }
  return { signature, timestamp, nonce, principal: account || alias || null };
}

export interface VerifyInput {
  headers: SignatureHeaders;
  key: string;
  secret: string;
  method: string;
  command: string;
  now: Date;
}

export interface VerifiedSignature {
  nonce: string;
  timestamp: number;
  /** When the timestamp leaves the window: the nonce need not be remembered past this. */
  windowEndsAt: Date;
  principal: string | null;
}

/**
 * Check the time window, then the HMAC. Stale → kStaleRequestSignature; wrong → kInvalidRequestSignature.
 * The window is checked first: it is free, and a stale request must not be told its signature was right.
 */
export function verifyRequestSignature(input: VerifyInput): VerifiedSignature {
  const timestamp = Number(input.headers.timestamp);
  const skew = input.now.getTime() - timestamp;
  if (!Number.isSafeInteger(timestamp) || Math.abs(skew) > SIGNATURE_WINDOW_MS) {
    throw faults.staleRequestSignature({ reason: `${HEADER.timestamp} must be within 15 minutes of the server time.` });
  }
  const expected = Buffer.from(computeSignature(input.key, input.secret, input.command, input.method, input.headers.timestamp), "hex");
  const presented = Buffer.from(input.headers.signature, "hex"); // 32 bytes: the pattern was checked
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    throw faults.invalidRequestSignature();
  }
  return {
    nonce: input.headers.nonce,
    timestamp,
    windowEndsAt: new Date(timestamp + SIGNATURE_WINDOW_MS),
    principal: input.headers.principal,
  };
}
