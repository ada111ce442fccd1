// The md.fingerprint cookie identifies a location (device). Value: 40 random alphanumerics plus an
// HMAC so tampering is detected ("<value>.<mac>"). The database keeps only a keyed hash.
import { createHmac } from "node:crypto";
import { deriveKey, keyedHash } from "../crypto/keys.ts";
import { randomAlphanumeric, safeEqual } from "../crypto/random.ts";
import { faults } from "../faults.ts";

const FINGERPRINT_PATTERN = /^[A-Za-z0-9]{40}$/;

function macFor(value: string): string {
  return createHmac("sha256", deriveKey("fingerprint-sign")).update(value).digest("base64url");
}

export function createFingerprint(): string {
  return randomAlphanumeric(40);
}

/** The cookie value for a fingerprint. */
export function signFingerprint(value: string): string {
  return `${value}.${macFor(value)}`;
}

/** The fingerprint inside a cookie value; throws kInvalidFingerprint when it was tampered with. */
export function readFingerprintCookie(cookieValue: string): string {
  const dot = cookieValue.indexOf(".");
  const value = dot === -1 ? cookieValue : cookieValue.slice(0, dot);
  const mac = dot === -1 ? "" : cookieValue.slice(dot + 1);
  if (!FINGERPRINT_PATTERN.test(value) || !safeEqual(mac, macFor(value))) {
    throw faults.invalidFingerprint();
  }
  return value;
}

export function hashFingerprint(value: string): string {
  return keyedHash("fingerprint-sign", `location:${value}`);
}
