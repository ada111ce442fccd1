// Session and CSRF tokens: random, stored only as keyed hashes, compared through the hash.
import { randomBytes } from "node:crypto";
import { keyedHash } from "../crypto/keys.ts";
import { randomAlphanumeric } from "../crypto/random.ts";

/** 256-bit session token for the md.sid cookie. */
export function createSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionToken(token: string): string {
  return keyedHash("token-hash", token);
}

/** Medable-Csrf-Token: 64 alphanumerics (Cortex shape). */
export function createCsrfToken(): string {
  return randomAlphanumeric(64);
}

export function hashCsrfToken(token: string): string {
  return keyedHash("csrf-hash", token);
}
