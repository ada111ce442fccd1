// Purpose-bound subkeys derived from GATEHOUSE_SECRET with HKDF-SHA256, so one leaked use of a key
// (say, fingerprint signing) does not expose another (say, secret encryption).
import { createHmac, hkdfSync } from "node:crypto";
import { getEnv } from "../env.ts";

export type KeyPurpose = "code-hash" | "fingerprint-sign" | "token-hash" | "secret-box" | "csrf-hash";

const cache = new Map<KeyPurpose, Buffer>();

export function deriveKey(purpose: KeyPurpose): Buffer {
  let key = cache.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", getEnv().GATEHOUSE_SECRET, "gatehouse", purpose, 32));
    cache.set(purpose, key);
  }
  return key;
}

/** Keyed hash (HMAC-SHA256, base64url) for values we must recognise but never store. */
export function keyedHash(purpose: KeyPurpose, value: string): string {
  return createHmac("sha256", deriveKey(purpose)).update(value).digest("base64url");
}
