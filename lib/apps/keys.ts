// App credentials in Cortex's formats: a public 22-character key and a 64-character signing
// secret, both uniform alphanumerics from the CSPRNG (~131 and ~381 bits).
import { randomAlphanumeric } from "../crypto/random.ts";

export const APP_KEY_LENGTH = 22;
export const APP_SECRET_LENGTH = 64;
export const APP_KEY_PATTERN = /^[A-Za-z0-9]{22}$/;
export const APP_SECRET_PATTERN = /^[A-Za-z0-9]{64}$/;

export function generateAppKey(): string {
  return randomAlphanumeric(APP_KEY_LENGTH);
}

export function generateAppSecret(): string {
  return randomAlphanumeric(APP_SECRET_LENGTH);
}

/** Cheap shape check before any database lookup of a Medable-Client-Key header. */
export function isWellFormedAppKey(key: string): boolean {
  return APP_KEY_PATTERN.test(key);
}
