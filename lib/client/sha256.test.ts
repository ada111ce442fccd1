// The bundled SHA-256/HMAC (used where Web Crypto is missing) against node:crypto.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacSha256, hmacSha256Hex, sha256, toHex, utf8Bytes } from "./sha256.ts";

describe("sha256", () => {
  it("matches node:crypto for every length around the block boundaries", () => {
    for (let length = 0; length <= 200; length++) {
      const data = randomBytes(length);
      expect(toHex(sha256(new Uint8Array(data)))).toBe(createHash("sha256").update(data).digest("hex"));
    }
  });

  it("matches the FIPS 180-2 examples", () => {
    expect(toHex(sha256(utf8Bytes("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(toHex(sha256(utf8Bytes("")))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe("hmacSha256", () => {
  it("matches node:crypto for short, block-sized and long keys", () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 86, 200]) {
      const key = randomBytes(keyLength);
      const message = randomBytes(Math.floor(Math.random() * 300));
      expect(toHex(hmacSha256(new Uint8Array(key), new Uint8Array(message)))).toBe(createHmac("sha256", key).update(message).digest("hex"));
    }
  });

  it("hashes strings as UTF-8, like node:crypto", () => {
    const key = "AbCdEfGhIjKlMnOpQrStUv0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZab";
    for (const message of ["/accounts/me;GET;1700000000000", "/✓/ü/𝄞;POST;1", ""]) {
      expect(hmacSha256Hex(key, message)).toBe(createHmac("sha256", key).update(message, "utf8").digest("hex"));
    }
    expect(Buffer.from(utf8Bytes("a✓𝄞")).toString("utf8")).toBe("a✓𝄞");
  });
});
