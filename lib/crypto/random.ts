// CSPRNG helpers. Alphanumeric strings use rejection sampling so every character is uniform.
import { randomBytes, randomInt, timingSafeEqual } from "node:crypto";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `length` uniform random alphanumerics (62 symbols: ~5.95 bits each). */
export function randomAlphanumeric(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62]; // 248 = 4 × 62
    }
  }
  return out;
}

/** A uniform n-digit decimal code, leading zeros kept. */
export function randomDigits(n: number): string {
  return randomInt(0, 10 ** n).toString().padStart(n, "0");
}

/** Constant-time string equality (false for different lengths without leaking where they differ). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
