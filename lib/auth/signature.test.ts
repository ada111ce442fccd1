// Signature vectors computed independently of the code under test: Node's createHmac applied to the
// SPEC §4 definition written out by hand, plus two literal digests produced with `openssl dgst`.
import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isFault } from "../faults.ts";
import {
  canonicalCommand, commandFromRequestPath, computeSignature, parseSignatureHeaders, verifyRequestSignature,
  SIGNATURE_WINDOW_MS,
} from "./signature.ts";

const KEY = "AbCdEfGhIjKlMnOpQrStUv"; // 22 alphanumerics
const SECRET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZab"; // 64

/** SPEC §4, literally: hex HMAC-SHA256, key = apiKey + apiSecret, message = command;METHOD;timestamp. */
function specSignature(key: string, secret: string, command: string, method: string, timestamp: string): string {
  return createHmac("sha256", `${key}${secret}`).update(`${command};${method};${timestamp}`, "utf8").digest("hex");
}

function faultOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (isFault(e)) return e.toBody();
    throw e;
  }
  throw new Error("expected a fault");
}

describe("computeSignature", () => {
  it("matches digests computed with openssl", () => {
    // printf '%s' '/accounts/me;GET;1700000000000' | openssl dgst -sha256 -hmac "$KEY$SECRET"
    expect(computeSignature(KEY, SECRET, "/accounts/me", "GET", "1700000000000"))
      .toBe("39509fdfccbb9089a890f0914e88964f852f8e014e29e2ad39bf49e33a00cd3b");
    expect(computeSignature(KEY, SECRET, "/files/a%20b/%E2%9C%93", "put", 1700000000123))
      .toBe("0a0a093b1440071a7e0f273477446391d4d8b025cc152e5f213cad99d39d9909");
  });

  it("matches the SPEC definition for many commands, methods and timestamps", () => {
    const commands = ["/accounts/me", "/accounts/login", "/", "/a/b/c", "/a%2Fb", "/%E2%9C%93", "/accounts/me/logout"];
    for (const command of commands) {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const timestamp = String(1_700_000_000_000 + Math.floor(Math.random() * 1e9));
        expect(computeSignature(KEY, SECRET, command, method, timestamp)).toBe(specSignature(KEY, SECRET, command, method, timestamp));
      }
    }
  });

  it("upper-cases the method and is lower-case hex", () => {
    const sig = computeSignature(KEY, SECRET, "/accounts/me", "get", "1");
    expect(sig).toBe(specSignature(KEY, SECRET, "/accounts/me", "GET", "1"));
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("canonicalCommand (the path after /<org>/v2)", () => {
  const table: Array<[string, string]> = [
    ["/accounts/me", "/accounts/me"],
    ["accounts/me", "/accounts/me"],
    ["/accounts/me?x=1&y=/z", "/accounts/me"],
    ["/accounts/me#frag", "/accounts/me"],
    ["/accounts/me/", "/accounts/me"],
    ["/accounts/me///", "/accounts/me"],
    ["//accounts//me", "/accounts/me"],
    ["///accounts////me//?q=//", "/accounts/me"],
    ["", "/"],
    ["/", "/"],
    ["///", "/"],
    ["/?x=1", "/"],
    // percent-encoding is kept exactly as sent (never decoded, never re-cased)…
    ["/accounts/m%65", "/accounts/m%65"],
    ["/a%2fb", "/a%2fb"],
    ["/a%2Fb/", "/a%2Fb"],
    ["/files/a%20b", "/files/a%20b"],
    // …and what a URL parser would encode is encoded the same way (so the SDK signs the wire path)
    ["/files/a b", "/files/a%20b"],
    ["/files/✓", "/files/%E2%9C%93"],
    ['/q/"x"<y>`{z}', "/q/%22x%22%3Cy%3E%60%7Bz%7D"],
    ["/keep/!$&'()*+,;=:@~-._|^[]", "/keep/!$&'()*+,;=:@~-._|^[]"],
    // dot segments resolve as in a URL; backslashes are slashes
    ["/accounts/./me", "/accounts/me"],
    ["/accounts/x/../me", "/accounts/me"],
    ["/accounts/%2e/me/%2E%2e/me", "/accounts/me"],
    ["\\accounts\\me", "/accounts/me"],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} → ${expected}`, () => expect(canonicalCommand(input)).toBe(expected));
  }

  it("is idempotent", () => {
    for (const [input] of table) expect(canonicalCommand(canonicalCommand(input))).toBe(canonicalCommand(input));
  });

  it("agrees with the WHATWG URL parser's path for any printable input", () => {
    for (let i = 0; i < 500; i++) {
      const chars = Array.from({ length: 12 }, () => String.fromCodePoint(0x21 + Math.floor(Math.random() * 0x2fff)))
        .join("")
        .replace(/[?#%\\.]/g, "x");
      const path = `/a/${chars}`;
      const viaUrl = new URL(`http://h.test${path}`).pathname;
      expect(canonicalCommand(path)).toBe(canonicalCommand(viaUrl));
    }
  });

  it("commandFromRequestPath drops /<org>/v2 however it is spelled", () => {
    expect(commandFromRequestPath("/demo/v2/accounts/me")).toBe("/accounts/me");
    expect(commandFromRequestPath("//demo//v2//accounts//me/")).toBe("/accounts/me");
    expect(commandFromRequestPath("/d%65mo/v2/accounts/me")).toBe("/accounts/me");
    expect(commandFromRequestPath("/demo/v2")).toBe("/");
  });
});

describe("parseSignatureHeaders", () => {
  const good = { "medable-client-signature": "a".repeat(64), "medable-client-timestamp": "1700000000000", "medable-client-nonce": "abcDEF0123456789" };
  const headers = (over: Record<string, string | null>) => {
    const h = new Headers();
    for (const [k, v] of Object.entries({ ...good, ...over })) if (v !== null) h.set(k, v);
    return h;
  };

  it("accepts well-formed headers and reads the principal or its alias", () => {
    expect(parseSignatureHeaders(headers({}))).toEqual({ signature: "a".repeat(64), timestamp: "1700000000000", nonce: "abcDEF0123456789", principal: null });
    expect(parseSignatureHeaders(headers({ "medable-client-account": "a@b.test" })).principal).toBe("a@b.test");
    expect(parseSignatureHeaders(headers({ "medable-client-principal": "a@b.test" })).principal).toBe("a@b.test");
    expect(parseSignatureHeaders(headers({ "medable-client-account": "x", "medable-client-principal": "x" })).principal).toBe("x");
  });

  const malformed: Array<[string, Record<string, string | null>]> = [
    ["missing signature", { "medable-client-signature": null }],
    ["short signature", { "medable-client-signature": "ab" }],
    ["non-hex signature", { "medable-client-signature": "z".repeat(64) }],
    ["base64 signature", { "medable-client-signature": Buffer.alloc(32, 7).toString("base64") }],
    ["missing timestamp", { "medable-client-timestamp": null }],
    ["ISO timestamp", { "medable-client-timestamp": new Date().toISOString() }],
    ["negative timestamp", { "medable-client-timestamp": "-5" }],
    ["fractional timestamp", { "medable-client-timestamp": "1700000000000.5" }],
    ["missing nonce", { "medable-client-nonce": null }],
    ["short nonce", { "medable-client-nonce": "abc" }],
    ["long nonce", { "medable-client-nonce": "a".repeat(17) }],
    ["symbol nonce", { "medable-client-nonce": "abcdefgh-1234567" }],
  ];
  for (const [name, over] of malformed) {
    it(`${name} → kInvalidRequestSignature`, () => {
      expect(faultOf(() => parseSignatureHeaders(headers(over)))).toMatchObject({
        code: "kInvalidRequestSignature", errCode: "cortex.accessDenied.invalidRequestSignature", status: 403,
      });
    });
  }

  it("two different principals → kAccessDenied (principal)", () => {
    expect(faultOf(() => parseSignatureHeaders(headers({ "medable-client-account": "a", "medable-client-principal": "b" }))))
      .toMatchObject({ code: "kAccessDenied", errCode: "cortex.accessDenied.principal", status: 403 });
  });
});

describe("verifyRequestSignature", () => {
  const now = new Date("2026-12-04T12:00:00.000Z");
  const signed = (offsetMs: number, over: Partial<{ method: string; command: string; secret: string }> = {}) => {
    const timestamp = String(now.getTime() + offsetMs);
    const signature = specSignature(KEY, over.secret ?? SECRET, over.command ?? "/accounts/me", over.method ?? "GET", timestamp);
    return { signature, timestamp, nonce: randomBytes(8).toString("hex"), principal: null };
  };
  const verify = (headers: ReturnType<typeof signed>, over: Partial<{ method: string; command: string }> = {}) =>
    verifyRequestSignature({ headers, key: KEY, secret: SECRET, method: over.method ?? "GET", command: over.command ?? "/accounts/me", now });

  it("accepts a right signature and reports when the nonce may be forgotten", () => {
    const h = signed(0);
    expect(verify(h)).toEqual({ nonce: h.nonce, timestamp: now.getTime(), windowEndsAt: new Date(now.getTime() + SIGNATURE_WINDOW_MS), principal: null });
  });

  it("accepts upper-case hex", () => {
    const h = signed(0);
    expect(() => verify({ ...h, signature: h.signature.toUpperCase() })).not.toThrow();
  });

  for (const offset of [-(14 * 60 + 59) * 1000, (14 * 60 + 59) * 1000, -SIGNATURE_WINDOW_MS, SIGNATURE_WINDOW_MS]) {
    it(`accepts a timestamp ${offset / 1000} s from the server clock`, () => expect(() => verify(signed(offset))).not.toThrow());
  }
  for (const offset of [-(15 * 60 + 1) * 1000, (15 * 60 + 1) * 1000, -SIGNATURE_WINDOW_MS - 1, SIGNATURE_WINDOW_MS + 1, -now.getTime()]) {
    it(`stale at ${offset / 1000} s → kStaleRequestSignature`, () => {
      expect(faultOf(() => verify(signed(offset)))).toMatchObject({
        code: "kStaleRequestSignature", errCode: "cortex.invalidArgument.staleRequestSignature", status: 400,
      });
    });
  }

  const wrong: Array<[string, () => unknown]> = [
    ["wrong secret", () => verify(signed(0, { secret: SECRET.replace("0", "1") }))],
    ["other method", () => verify(signed(0, { method: "POST" }))],
    ["other path", () => verify(signed(0, { command: "/accounts/status" }))],
    ["decoded path", () => verify(signed(0, { command: "/accounts/me" }), { command: "/accounts/m%65" })],
    ["other timestamp", () => {
      const h = signed(0);
      return verify({ ...h, timestamp: String(Number(h.timestamp) + 1) });
    }],
  ];
  for (const [name, run] of wrong) {
    it(`${name} → kInvalidRequestSignature`, () => {
      expect(faultOf(run)).toMatchObject({ code: "kInvalidRequestSignature", errCode: "cortex.accessDenied.invalidRequestSignature", status: 403 });
    });
  }
});
