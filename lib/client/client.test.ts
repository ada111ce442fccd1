// GatehouseClient against a scripted fetch: the protocol chores (cookies, CSRF, verification state,
// signing, clock correction, persistence). e2e/api/sdk.spec.ts runs it against the real server.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GatehouseClient, type FetchLike } from "./client.ts";
import { MemoryStateStore } from "./cookies.ts";
import { GatehouseFault } from "./faults.ts";

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: any;
}

type Reply = { status?: number; body: unknown; headers?: Record<string, string>; cookies?: string[] };

function fakeServer(replies: Array<Reply | ((req: Seen) => Reply)>) {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (url, init) => {
    const req: Seen = { url, method: init.method, headers: init.headers, body: init.body ? JSON.parse(init.body) : undefined };
    seen.push(req);
    const next = replies.shift();
    if (!next) throw new Error(`unexpected request ${init.method} ${url}`);
    const reply = typeof next === "function" ? next(req) : next;
    const headers = new Headers({ "Content-Type": "application/json", "Medable-Server-Time": String(Date.now()), ...(reply.headers ?? {}) });
    for (const c of reply.cookies ?? []) headers.append("Set-Cookie", c);
    return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200, headers });
  };
  return { fetch, seen };
}

const account = { _id: "a".repeat(24), object: "account", email: "a@b.test", name: { first: "A", last: "B" }, roles: [], state: "verified", created: "2026-12-04T00:00:00.000Z" };
const fault = (code: string, errCode: string, status: number, reason?: string) => ({ object: "fault", name: "fault", code, errCode, status, message: code, ...(reason ? { reason } : {}) });
const newLocation = fault("kNewLocation", "cortex.success.newLocation", 200, "Sign-in from a new location (device). A verification code was sent by SMS to the mobile number ending in 77.");
const FP = "md.fingerprint=fp.mac; Path=/; Max-Age=315360000; HttpOnly; SameSite=Lax";
const SID = "md.sid=sid1; Path=/demo; HttpOnly; SameSite=Lax";

const client = (fetch: FetchLike, extra: Partial<ConstructorParameters<typeof GatehouseClient>[0]> = {}) =>
  new GatehouseClient({ baseUrl: "http://api.test/", org: "demo", key: "K".repeat(22), fetch, ...extra });

describe("login with new-location verification", () => {
  it("surfaces kNewLocation as verificationRequired, then verify(code) signs in on the same fingerprint", async () => {
    const server = fakeServer([
      { body: newLocation, cookies: [FP] },
      { body: account, cookies: [SID], headers: { "Medable-Csrf-Token": "t".repeat(64) } },
      { body: account },
      { body: account },
    ]);
    const c = client(server.fetch);
    const first = await c.login("a@b.test", "pw");
    expect(first).toEqual({ state: "verificationRequired", code: "kNewLocation", reason: newLocation.reason, phoneEnding: "77" });
    expect(c.verificationPending).toBe(true);
    expect(server.seen[0]).toMatchObject({ url: "http://api.test/demo/v2/accounts/login", method: "POST", body: { email: "a@b.test", password: "pw" } });
    expect(server.seen[0].headers["Medable-Client-Key"]).toBe("K".repeat(22));

    const second = await c.verify(" 123456 ", { locationName: "Phone" });
    expect(second).toEqual({ state: "signedIn", account });
    expect(c.verificationPending).toBe(false);
    expect(server.seen[1].body).toEqual({ email: "a@b.test", password: "pw", location: { verificationToken: "123456", locationName: "Phone" } });
    expect(server.seen[1].headers.Cookie).toBe("md.fingerprint=fp.mac");

    await c.me();
    expect(server.seen[2].headers.Cookie).toBe("md.sid=sid1; md.fingerprint=fp.mac");
    expect(server.seen[2].headers["Medable-Csrf-Token"]).toBeUndefined(); // GET needs none
    await c.updateMe({ name: { first: "Z" } });
    expect(server.seen[3]).toMatchObject({ method: "PUT", body: { name: { first: "Z" } } });
    expect(server.seen[3].headers["Medable-Csrf-Token"]).toBe("t".repeat(64));
  });

  it("treats kUnverifiedLocation and kLocationClientMismatch as verificationRequired too", async () => {
    const server = fakeServer([
      { status: 403, body: fault("kUnverifiedLocation", "cortex.accessDenied.unverifiedLocation", 403, "A verification code was already sent.") },
      { status: 403, body: fault("kLocationClientMismatch", "cortex.accessDenied.locationClientMismatch", 403, "… ending in 01.") },
    ]);
    const c = client(server.fetch);
    expect(await c.login("a@b.test", "pw")).toMatchObject({ state: "verificationRequired", code: "kUnverifiedLocation", phoneEnding: null });
    expect(await c.resendCode()).toMatchObject({ state: "verificationRequired", code: "kLocationClientMismatch", phoneEnding: "01" });
  });

  it("throws typed faults; a wrong code keeps the login pending, wrong credentials end it", async () => {
    const server = fakeServer([
      { body: newLocation },
      { status: 400, body: fault("kInvalidArgument", "cortex.invalidArgument.locationToken", 400) },
      { status: 403, body: { ...fault("kInvalidCredentials", "cortex.accessDenied.invalidCredentials", 403), faults: [fault("kAccountLocked", "cortex.accessDenied.accountLocked", 403)] } },
    ]);
    const c = client(server.fetch);
    await c.login("a@b.test", "pw");
    const wrong = await c.verify("000000").catch((e) => e);
    expect(wrong).toBeInstanceOf(GatehouseFault);
    expect(wrong).toMatchObject({ code: "kInvalidArgument", errCode: "cortex.invalidArgument.locationToken", status: 400 });
    expect(c.verificationPending).toBe(true);
    const locked = await c.login("a@b.test", "bad").catch((e) => e);
    expect(locked.code).toBe("kInvalidCredentials");
    expect(locked.has("kAccountLocked")).toBe(true);
    expect(c.verificationPending).toBe(false);
    await expect(c.verify("1")).rejects.toThrow(/login/);
  });
});

describe("session chores", () => {
  it("forgets the session (not the device) when the server ended it, and on logout", async () => {
    const server = fakeServer([
      { body: account, cookies: [FP, SID], headers: { "Medable-Csrf-Token": "c".repeat(64) } },
      { status: 403, body: fault("kCSRFTokenMismatch", "cortex.accessDenied.csrfTokenMismatch", 403) },
      { body: account, cookies: [SID] },
      { body: { object: "result", data: true }, cookies: ["md.sid=; Path=/demo; Max-Age=0"] },
      { body: { object: "result", data: { loggedin: false } } },
    ]);
    const c = client(server.fetch);
    await c.login("a@b.test", "pw");
    expect(await c.csrfToken()).toBe("c".repeat(64));
    await expect(c.updateMe({ name: { last: "x" } })).rejects.toMatchObject({ code: "kCSRFTokenMismatch" });
    expect(await c.csrfToken()).toBeNull();
    await c.login("a@b.test", "pw");
    expect(server.seen[2].headers.Cookie).toBe("md.fingerprint=fp.mac"); // the device is kept
    expect(await c.logout()).toBe(true);
    expect(await c.status()).toEqual({ loggedin: false });
    expect(server.seen[4].headers.Cookie).toBe("md.fingerprint=fp.mac");
  });

  it("persists cookies and the CSRF token through the store, so a restarted app stays signed in", async () => {
    const store = new MemoryStateStore();
    const first = fakeServer([{ body: account, cookies: [FP, SID], headers: { "Medable-Csrf-Token": "k".repeat(64) } }]);
    await client(first.fetch, { store }).login("a@b.test", "pw");
    const second = fakeServer([{ body: account }]);
    await client(second.fetch, { store }).updateMe({ name: { first: "Q" } });
    expect(second.seen[0].headers.Cookie).toBe("md.sid=sid1; md.fingerprint=fp.mac");
    expect(second.seen[0].headers["Medable-Csrf-Token"]).toBe("k".repeat(64));
  });

  it("reports a non-JSON response as a fault", async () => {
    const c = client(async () => new Response("<html>bad gateway</html>", { status: 502 }));
    await expect(c.me()).rejects.toMatchObject({ code: "kError", errCode: "client.unexpectedResponse", status: 502 });
  });
});

describe("signature apps", () => {
  const secret = "s".repeat(64);
  const key = "K".repeat(22);
  const expected = (command: string, method: string, ts: string) => createHmac("sha256", key + secret).update(`${command};${method};${ts}`).digest("hex");

  it("signs every request (no cookies, no CSRF), with the principal", async () => {
    const server = fakeServer([{ body: account }, { body: account }]);
    const c = client(server.fetch, { secret, principal: "a@b.test" });
    await c.me();
    const h = server.seen[0].headers;
    expect(h["Medable-Client-Signature"]).toBe(expected("/accounts/me", "GET", h["Medable-Client-Timestamp"]));
    expect(h["Medable-Client-Nonce"]).toMatch(/^[a-z\d]{16}$/i);
    expect(h["Medable-Client-Account"]).toBe("a@b.test");
    expect(h.Cookie).toBeUndefined();
    await c.request("GET", "/accounts/me?x=1", { principal: null });
    expect(server.seen[1].headers["Medable-Client-Account"]).toBeUndefined();
    expect(server.seen[1].headers["Medable-Client-Nonce"]).not.toBe(h["Medable-Client-Nonce"]);
  });

  it("never signs login (Cortex refuses a signed login)", async () => {
    const server = fakeServer([{ status: 403, body: fault("kInvalidRequestSignature", "cortex.accessDenied.invalidRequestSignature", 403) }]);
    const c = client(server.fetch, { secret });
    await expect(c.login("a@b.test", "pw")).rejects.toMatchObject({ code: "kInvalidRequestSignature" });
    expect(server.seen[0].headers["Medable-Client-Signature"]).toBeUndefined();
  });

  it("retries once on the server's clock when the device clock is off by more than 15 minutes", async () => {
    const serverNow = Date.now();
    const stale = fault("kStaleRequestSignature", "cortex.invalidArgument.staleRequestSignature", 400);
    const server = fakeServer([
      { status: 400, body: stale, headers: { "Medable-Server-Time": String(serverNow) } },
      (req) => {
        const ts = Number(req.headers["Medable-Client-Timestamp"]);
        return Math.abs(ts - serverNow) < 5_000 ? { body: account } : { status: 400, body: stale };
      },
      { status: 400, body: stale, headers: { "Medable-Server-Time": String(serverNow) } },
      { status: 400, body: stale, headers: { "Medable-Server-Time": String(serverNow) } },
    ]);
    const c = client(server.fetch, { secret, now: () => Date.now() + 40 * 60_000 });
    expect(await c.me()).toEqual(account);
    expect(server.seen).toHaveLength(2);
    expect(server.seen[1].headers["Medable-Client-Nonce"]).not.toBe(server.seen[0].headers["Medable-Client-Nonce"]);
    // …but only once per call.
    await expect(c.me()).rejects.toMatchObject({ code: "kStaleRequestSignature" });
    expect(server.seen).toHaveLength(4);
  });
});
