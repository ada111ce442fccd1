// Signing Cortex requests on the client: signRequest() gives the Medable-Client-* headers for one
// request. Usable alone (any HTTP library) or through GatehouseClient, which signs every request of
// a signature app. HMAC: Web Crypto where it exists (browsers, Node ≥ 20, Deno, Bun), otherwise the
// bundled pure-TypeScript HMAC, or any function you pass as `hmac` (e.g. a native module on RN).
import { HEADER, canonicalCommand, commandFromRequestPath, signatureMessage } from "./protocol.ts";
import { hmacSha256Hex, utf8Bytes, toHex } from "./sha256.ts";

/** Lower-case hex HMAC-SHA256 of `message` under `key` (both UTF-8 strings). */
export type HmacSha256 = (key: string, message: string) => string | Promise<string>;

type Subtle = {
  importKey(format: "raw", key: Uint8Array, algorithm: { name: "HMAC"; hash: "SHA-256" }, extractable: false, usages: ["sign"]): Promise<unknown>;
  sign(algorithm: "HMAC", key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
};

function webCrypto(): { subtle?: Subtle; getRandomValues?: (a: Uint8Array) => Uint8Array } | undefined {
  return (globalThis as { crypto?: { subtle?: Subtle; getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
}

// One imported key per (key + secret): importing costs more than signing.
let cachedKey: { material: string; key: Promise<unknown> } | null = null;

async function webCryptoHmac(subtle: Subtle, key: string, message: string): Promise<string> {
  if (cachedKey?.material !== key) {
    cachedKey = { material: key, key: subtle.importKey("raw", utf8Bytes(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]) };
  }
  return toHex(new Uint8Array(await subtle.sign("HMAC", await cachedKey.key, utf8Bytes(message))));
}

/** The default HMAC: Web Crypto when available, else pure TypeScript. */
export const defaultHmac: HmacSha256 = (key, message) => {
  const subtle = webCrypto()?.subtle;
  return subtle ? webCryptoHmac(subtle, key, message) : hmacSha256Hex(key, message);
};

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 16 random letters and digits from the platform CSPRNG (crypto.getRandomValues). */
export function createNonce(): string {
  const getRandomValues = webCrypto()?.getRandomValues?.bind(webCrypto());
  if (!getRandomValues) {
    throw new Error("No crypto.getRandomValues: install a polyfill (react-native-get-random-values) or pass `nonce`/`randomNonce`.");
  }
  let out = "";
  while (out.length < 16) {
    for (const byte of getRandomValues(new Uint8Array(32))) {
      if (byte < 248 && out.length < 16) out += ALPHANUMERIC[byte % 62]; // 248 = 4 × 62: no bias
    }
  }
  return out;
}

/** Signature for a `command` (see protocol.ts), e.g. computeSignature(key, secret, "/accounts/me", "GET", ts). */
export async function computeSignature(key: string, secret: string, command: string, method: string, timestamp: string | number, hmac: HmacSha256 = defaultHmac): Promise<string> {
  return hmac(key + secret, signatureMessage(command, method, timestamp));
}

export interface SignRequestInput {
  key: string;
  secret: string;
  method: string;
  /**
   * The request path after /<org>/v2 ("/accounts/me", a query string is allowed and ignored), or the
   * full URL ("https://host/<org>/v2/accounts/me?x=1"). Sign exactly the path you send.
   */
  path: string;
  /** Act as this account (id or email); the app must allow principal override. */
  principal?: string | null;
  /** Epoch ms; default Date.now(). */
  timestamp?: number;
  /** 16 letters or digits; default a fresh random nonce. Never reuse one. */
  nonce?: string;
  hmac?: HmacSha256;
}

export type SignedHeaders = Record<string, string>;

/** The command a path or URL signs as. */
export function commandFor(pathOrUrl: string): string {
  const full = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i.exec(pathOrUrl);
  return full ? commandFromRequestPath(pathOrUrl.slice(full[0].length).split(/[?#]/)[0]) : canonicalCommand(pathOrUrl);
}

/** The headers that sign one request: Medable-Client-Key, -Signature, -Timestamp, -Nonce (and -Account). */
export async function signRequest(input: SignRequestInput): Promise<SignedHeaders> {
  const timestamp = String(Math.round(input.timestamp ?? Date.now()));
  const nonce = input.nonce ?? createNonce();
  const signature = await computeSignature(input.key, input.secret, commandFor(input.path), input.method, timestamp, input.hmac);
  const headers: SignedHeaders = {
    [HEADER.key]: input.key,
    [HEADER.signature]: signature,
    [HEADER.timestamp]: timestamp,
    [HEADER.nonce]: nonce,
  };
  if (input.principal) headers[HEADER.account] = input.principal;
  return headers;
}
