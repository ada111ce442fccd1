// Signed requests for tests, built straight from the SPEC §4 definition with node:crypto — not with
// the code under test — so a test pins the wire format rather than agreeing with itself.
import { createHmac, randomBytes } from "node:crypto";
import { BASE_URL } from "./fixtures.ts";

export function specSignature(key: string, secret: string, command: string, method: string, timestamp: string): string {
  return createHmac("sha256", key + secret).update(`${command};${method};${timestamp}`).digest("hex");
}

const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export function randomNonce(): string {
  return Array.from(randomBytes(16), (b) => ALPHANUMERIC[b % 62]).join("");
}

export interface SignOptions {
  /** The signed command; default: the path without its query string. */
  command?: string;
  /** The method that is signed (default: the request's). */
  signedMethod?: string;
  timestamp?: number | string;
  nonce?: string;
  principal?: string;
  /** Send the principal as Medable-Client-Principal (the alias). */
  principalAlias?: boolean;
  secret?: string;
}

export interface SignedResponse {
  status: number;
  headers: Headers;
  body: any;
  setCookies: string[];
  sent: Record<string, string>;
}

export class SignedClient {
  constructor(
    readonly orgCode: string,
    readonly key: string,
    readonly secret: string,
    readonly baseUrl: string = BASE_URL,
  ) {}

  headers(method: string, path: string, opts: SignOptions = {}): Record<string, string> {
    const timestamp = String(opts.timestamp ?? Date.now());
    const command = opts.command ?? path.split("?")[0];
    const headers: Record<string, string> = {
      "Medable-Client-Key": this.key,
      "Medable-Client-Signature": specSignature(this.key, opts.secret ?? this.secret, command, opts.signedMethod ?? method, timestamp),
      "Medable-Client-Timestamp": timestamp,
      "Medable-Client-Nonce": opts.nonce ?? randomNonce(),
    };
    if (opts.principal !== undefined) headers[opts.principalAlias ? "Medable-Client-Principal" : "Medable-Client-Account"] = opts.principal;
    return headers;
  }

  url(path: string, baseUrl = this.baseUrl): string {
    return `${baseUrl}/${this.orgCode}/v2${path}`;
  }

  async send(method: string, path: string, headers: Record<string, string>, init: { body?: unknown; baseUrl?: string; redirect?: "follow" | "manual"; extraHeaders?: Record<string, string> } = {}): Promise<SignedResponse> {
    const all = { ...headers, ...(init.extraHeaders ?? {}) };
    if (init.body !== undefined) all["Content-Type"] = "application/json";
    const res = await fetch(this.url(path, init.baseUrl), {
      method, headers: all, body: init.body === undefined ? undefined : JSON.stringify(init.body), redirect: init.redirect ?? "follow",
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* asserted as text */
    }
    return { status: res.status, headers: res.headers, body, setCookies: res.headers.getSetCookie(), sent: all };
  }

  request(method: string, path: string, opts: SignOptions & { body?: unknown; baseUrl?: string; redirect?: "follow" | "manual"; extraHeaders?: Record<string, string> } = {}) {
    return this.send(method, path, this.headers(method, path, opts), opts);
  }
}
