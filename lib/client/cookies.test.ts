import { describe, expect, it } from "vitest";
import { CookieJar, MemoryStateStore, readSetCookies, urlParts } from "./cookies.ts";

describe("CookieJar", () => {
  const now = Date.UTC(2026, 11, 4);

  it("sends cookies whose path matches, longest path first", () => {
    const jar = new CookieJar();
    jar.store("md.fingerprint=abc.def; Path=/; Max-Age=315360000; HttpOnly; SameSite=Lax", now);
    jar.store("md.sid=tok%3Den; Path=/demo; HttpOnly; SameSite=Lax", now);
    expect(jar.header("http://h/demo/v2/accounts/me", now)).toBe("md.sid=tok%3Den; md.fingerprint=abc.def");
    expect(jar.get("md.sid")).toBe("tok=en");
    expect(jar.header("http://h/demo", now)).toBe("md.sid=tok%3Den; md.fingerprint=abc.def");
    expect(jar.header("http://h/demo2/v2/x", now)).toBe("md.fingerprint=abc.def");
    expect(jar.header("http://h/other/v2/x", now)).toBe("md.fingerprint=abc.def");
  });

  it("deletes on Max-Age=0 or a past Expires, and expires cookies over time", () => {
    const jar = new CookieJar();
    jar.store("md.sid=a; Path=/demo", now);
    jar.store("md.sid=; Path=/demo; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT", now);
    expect(jar.get("md.sid")).toBeUndefined();
    jar.store("short=1; Path=/; Max-Age=10", now);
    expect(jar.header("http://h/", now + 9_000)).toBe("short=1");
    expect(jar.header("http://h/", now + 10_000)).toBe("");
    jar.store("old=1; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT", now);
    expect(jar.get("old")).toBeUndefined();
  });

  it("keeps Secure cookies off plain http", () => {
    const jar = new CookieJar();
    jar.store("s=1; Path=/; Secure", now);
    expect(jar.header("http://h/x", now)).toBe("");
    expect(jar.header("https://h/x", now)).toBe("s=1");
  });

  it("round-trips through JSON", () => {
    const jar = new CookieJar();
    jar.store("a=1; Path=/; Max-Age=100", now);
    const copy = new CookieJar(JSON.parse(JSON.stringify(jar)));
    expect(copy.header("http://h/", now)).toBe("a=1");
  });
});

describe("readSetCookies", () => {
  it("splits a joined header without breaking Expires dates", () => {
    const headers = new Headers();
    Object.defineProperty(headers, "getSetCookie", { value: undefined });
    headers.append("set-cookie", "md.sid=; Path=/demo; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    headers.append("set-cookie", "md.fingerprint=x.y; Path=/; Max-Age=5");
    expect(readSetCookies(headers)).toEqual([
      "md.sid=; Path=/demo; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
      "md.fingerprint=x.y; Path=/; Max-Age=5",
    ]);
  });
});

describe("helpers", () => {
  it("urlParts reads scheme and path without the URL class", () => {
    expect(urlParts("https://h:1/a/b?c#d")).toEqual({ secure: true, path: "/a/b" });
    expect(urlParts("http://h")).toEqual({ secure: false, path: "/" });
  });

  it("MemoryStateStore stores and deletes", () => {
    const store = new MemoryStateStore();
    store.set("k", "v");
    expect(store.get("k")).toBe("v");
    store.set("k", null);
    expect(store.get("k")).toBeNull();
  });
});
