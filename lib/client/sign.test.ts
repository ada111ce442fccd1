// signRequest against the SPEC §4 definition computed here with node:crypto, with both HMAC backends.
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commandFor, computeSignature, createNonce, defaultHmac, signRequest } from "./sign.ts";
import { hmacSha256Hex } from "./sha256.ts";

const KEY = "AbCdEfGhIjKlMnOpQrStUv";
const SECRET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZab";
const spec = (command: string, method: string, timestamp: string) =>
  createHmac("sha256", KEY + SECRET).update(`${command};${method};${timestamp}`).digest("hex");

describe("signRequest", () => {
  it("produces the four Medable-Client headers with the SPEC signature", async () => {
    const headers = await signRequest({ key: KEY, secret: SECRET, method: "get", path: "/accounts/me", timestamp: 1700000000000, nonce: "abcdefgh12345678" });
    expect(headers).toEqual({
      "Medable-Client-Key": KEY,
      "Medable-Client-Signature": "39509fdfccbb9089a890f0914e88964f852f8e014e29e2ad39bf49e33a00cd3b", // openssl, see lib/auth/signature.test.ts
      "Medable-Client-Timestamp": "1700000000000",
      "Medable-Client-Nonce": "abcdefgh12345678",
    });
  });

  it("adds Medable-Client-Account for a principal", async () => {
    const headers = await signRequest({ key: KEY, secret: SECRET, method: "GET", path: "/accounts/me", principal: "a@b.test" });
    expect(headers["Medable-Client-Account"]).toBe("a@b.test");
  });

  const paths: Array<[string, string]> = [
    ["/accounts/me?include=x", "/accounts/me"],
    ["/accounts//me/", "/accounts/me"],
    ["accounts/me", "/accounts/me"],
    ["/files/a b/✓", "/files/a%20b/%E2%9C%93"],
    ["/files/a%20b", "/files/a%20b"],
    ["/accounts/m%65", "/accounts/m%65"],
    ["https://api.example.com/demo/v2/accounts/me?x=1", "/accounts/me"],
    ["http://127.0.0.1:3000//demo//v2/accounts/me/", "/accounts/me"],
  ];
  for (const [input, command] of paths) {
    it(`signs ${JSON.stringify(input)} as ${command}`, async () => {
      expect(commandFor(input)).toBe(command);
      for (const method of ["GET", "POST", "DELETE"]) {
        const headers = await signRequest({ key: KEY, secret: SECRET, method, path: input, timestamp: 1234567890123 });
        expect(headers["Medable-Client-Signature"]).toBe(spec(command, method, "1234567890123"));
      }
    });
  }

  it("gives the same signature with Web Crypto, the bundled HMAC and a custom one", async () => {
    const webCrypto = await computeSignature(KEY, SECRET, "/accounts/me", "GET", 42, defaultHmac);
    const bundled = await computeSignature(KEY, SECRET, "/accounts/me", "GET", 42, hmacSha256Hex);
    const custom = await computeSignature(KEY, SECRET, "/accounts/me", "GET", 42, (k, m) => createHmac("sha256", k).update(m).digest("hex"));
    expect(new Set([webCrypto, bundled, custom, spec("/accounts/me", "GET", "42")]).size).toBe(1);
  });
});

describe("createNonce", () => {
  it("is 16 letters or digits and does not repeat", () => {
    const seen = new Set(Array.from({ length: 2000 }, createNonce));
    expect(seen.size).toBe(2000);
    for (const n of seen) expect(n).toMatch(/^[a-z\d]{16}$/i);
  });
});

describe("the SDK stays portable", () => {
  it("uses no Node-only API outside its tests (React Native has none)", () => {
    const dir = import.meta.dirname;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
      const source = readFileSync(path.join(dir, file), "utf8");
      expect(source, file).not.toMatch(/from\s+["'](node:|fs|crypto|http|https|path|buffer)["']|\brequire\(|\bBuffer\.|\bprocess\./);
      for (const [, target] of source.matchAll(/from\s+["']([^"']+)["']/g)) expect(target, `${file} imports ${target}`).toMatch(/^\.\/[\w-]+\.ts$/);
    }
  });
});
