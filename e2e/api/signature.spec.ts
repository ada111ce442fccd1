// SPEC §4 — signed requests over real HTTP: every fault with its exact JSON, the ±15 min window,
// replays (sequential, 100 concurrent, and across two `next start` processes on one database),
// principals, path normalisation, and that signed requests never touch sessions or locations.
import { test, expect } from "@playwright/test";
import { regenerateAppSecret } from "../../lib/apps/apps.ts";
import { PURGE_EVERY } from "../../lib/auth/nonces.ts";
import { findFreePort } from "../../scripts/free-port.ts";
import { startNextServer, type RunningServer } from "../../scripts/next-server.ts";
import { apiClient, createTestAccount, createTestApp, createTestOrg, db, giveVerifiedLocation, sms, type TestOrg } from "../support/fixtures.ts";
import { SignedClient, randomNonce } from "../support/signing.ts";

const MINUTE = 60_000;

function expectExactFault(body: any, code: string, errCode: string, status: number) {
  expect(body).toEqual({
    object: "fault", name: "fault", code, errCode, status, message: expect.any(String),
    ...(body?.reason !== undefined ? { reason: expect.any(String) } : {}),
  });
}
const expectInvalid = (res: { status: number; body: any }) => {
  expect(res.status).toBe(403);
  expectExactFault(res.body, "kInvalidRequestSignature", "cortex.accessDenied.invalidRequestSignature", 403);
};

async function signatureApp(org: TestOrg, input: Parameters<typeof createTestApp>[1] = {}) {
  const { app, secret } = await createTestApp(org, { type: "signature", name: "Integration", ...input });
  return { app, secret, client: new SignedClient(org.code, app.key, secret) };
}

async function setup(input: Parameters<typeof createTestApp>[1] = {}) {
  const org = await createTestOrg();
  const account = await createTestAccount(org);
  const { app, secret, client } = await signatureApp(org, { fixedPrincipalId: account.id, ...input });
  return { org, account, app, secret, client };
}

test.describe("signed requests: accepted", () => {
  test("a right signature answers for the app's fixed principal, with no cookies set", async () => {
    const { client, account } = await setup();
    const res = await client.request("GET", "/accounts/me");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: "account", _id: account.id, email: account.email });
    expect(res.setCookies).toEqual([]);
    expect(res.headers.get("medable-server-time")).toMatch(/^\d{13}$/);
    const status = await client.request("GET", "/accounts/status");
    expect(status.body).toEqual({ object: "result", data: { loggedin: true, account: expect.objectContaining({ _id: account.id }) } });
  });

  test("principal override by id, by email (any case) and through the Medable-Client-Principal alias", async () => {
    const org = await createTestOrg();
    const alice = await createTestAccount(org);
    const bob = await createTestAccount(org);
    const { client } = await signatureApp(org, { principalOverride: true, fixedPrincipalId: alice.id });
    expect((await client.request("GET", "/accounts/me")).body._id).toBe(alice.id); // fixed when no header
    expect((await client.request("GET", "/accounts/me", { principal: bob.id })).body._id).toBe(bob.id);
    expect((await client.request("GET", "/accounts/me", { principal: bob.email.toUpperCase() })).body._id).toBe(bob.id);
    expect((await client.request("GET", "/accounts/me", { principal: bob.email, principalAlias: true })).body._id).toBe(bob.id);
  });

  test("an anonymous signed request: status says not logged in, me answers kNotLoggedIn", async () => {
    const org = await createTestOrg();
    const { client } = await signatureApp(org);
    const status = await client.request("GET", "/accounts/status");
    expect(status.body).toEqual({ object: "result", data: { loggedin: false } });
    const me = await client.request("GET", "/accounts/me");
    expect(me.status).toBe(403);
    expectExactFault(me.body, "kNotLoggedIn", "cortex.accessDenied.notLoggedIn", 403);
  });

  test("a signed PUT acts as the principal", async () => {
    const { client, account } = await setup();
    const res = await client.request("PUT", "/accounts/me", { body: { name: { first: "Signed" } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ _id: account.id, name: { first: "Signed", last: "User" } });
  });

  test("timestamps ±14:59 from the server clock are accepted, ±15:01 are stale", async () => {
    const { client } = await setup();
    for (const offset of [-(14 * MINUTE + 59_000), 14 * MINUTE + 59_000]) {
      const res = await client.request("GET", "/accounts/me", { timestamp: Date.now() + offset });
      expect(res.status, `offset ${offset}`).toBe(200);
    }
    for (const offset of [-(15 * MINUTE + 1_000), 15 * MINUTE + 1_000]) {
      const res = await client.request("GET", "/accounts/me", { timestamp: Date.now() + offset });
      expect(res.status, `offset ${offset}`).toBe(400);
      expectExactFault(res.body, "kStaleRequestSignature", "cortex.invalidArgument.staleRequestSignature", 400);
    }
  });

  test("the command ignores the query string, repeated and trailing slashes", async () => {
    const { client, account } = await setup();
    const query = await client.request("GET", "/accounts/me?include=x&y=/z", { command: "/accounts/me" });
    expect(query.body._id).toBe(account.id);
    // Next answers repeated/trailing slashes with a 308 to the clean path; the signature (over the
    // canonical command) holds on both, and the redirect does not spend the nonce.
    const headers = client.headers("GET", "/accounts/me");
    const redirect = await client.send("GET", "//accounts//me/", headers, { redirect: "manual" });
    expect(redirect.status).toBe(308);
    const followed = await client.send("GET", "//accounts//me/", headers);
    expect(followed.status).toBe(200);
    expect(followed.body._id).toBe(account.id);
  });

  test("percent-encoding is signed as sent, never decoded", async () => {
    const { client } = await setup();
    const path = "/no%20such/th%C3%AFng";
    // A right signature over the encoded path gets past the door to the route (404 route not found)…
    const encoded = await client.request("GET", path, { command: path });
    expect(encoded.status).toBe(404);
    expectExactFault(encoded.body, "kNotFound", "cortex.notFound.route", 404);
    // …while a signature over the decoded path, or with re-cased escapes, is wrong.
    expectInvalid(await client.request("GET", path, { command: "/no such/thïng" }));
    expectInvalid(await client.request("GET", path, { command: "/no%20such/th%c3%afng" }));
  });

  test("a signed request to a session app is verified with that app's secret and is anonymous", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const { app, secret } = await createTestApp(org, { type: "session", name: "Web" });
    const client = new SignedClient(org.code, app.key, secret);
    expect((await client.request("GET", "/accounts/status")).body).toEqual({ object: "result", data: { loggedin: false } });
    expectInvalid(await client.request("GET", "/accounts/status", { secret: "x".repeat(64) }));

    // A live session cookie does not ride along on a signed request.
    const session = apiClient(org, app.key);
    await giveVerifiedLocation(session, account, app._id);
    expect((await session.login(account.email, account.password)).status).toBe(200);
    const withCookie = await client.request("GET", "/accounts/status", { extraHeaders: { Cookie: session.jar.header() } });
    expect(withCookie.body).toEqual({ object: "result", data: { loggedin: false } });
    const logout = await client.request("POST", "/accounts/me/logout", { extraHeaders: { Cookie: session.jar.header() } });
    expect(logout.body).toEqual({ object: "result", data: false });
    expect(logout.setCookies).toEqual([]);
    expect((await session.me()).status).toBe(200); // the session was not ended
  });
});

test.describe("signed requests: faults", () => {
  test("malformed headers answer kInvalidRequestSignature", async () => {
    const { client } = await setup();
    const good = () => client.headers("GET", "/accounts/me");
    const cases: Array<[string, (h: Record<string, string>) => void]> = [
      ["no signature", (h) => delete h["Medable-Client-Signature"]],
      ["empty signature", (h) => (h["Medable-Client-Signature"] = "")],
      ["short signature", (h) => (h["Medable-Client-Signature"] = h["Medable-Client-Signature"].slice(1))],
      ["non-hex signature", (h) => (h["Medable-Client-Signature"] = "g".repeat(64))],
      ["no timestamp", (h) => delete h["Medable-Client-Timestamp"]],
      ["ISO timestamp", (h) => (h["Medable-Client-Timestamp"] = new Date().toISOString())],
      ["seconds with a fraction", (h) => (h["Medable-Client-Timestamp"] = String(Date.now() / 1000))],
      ["no nonce", (h) => delete h["Medable-Client-Nonce"]],
      ["short nonce", (h) => (h["Medable-Client-Nonce"] = "abc123")],
      ["nonce with a dash", (h) => (h["Medable-Client-Nonce"] = "abcdefgh-2345678")],
    ];
    for (const [name, spoil] of cases) {
      const headers = good();
      spoil(headers);
      const res = await client.send("GET", "/accounts/me", headers);
      expect(res.status, name).toBe(403);
      expectExactFault(res.body, "kInvalidRequestSignature", "cortex.accessDenied.invalidRequestSignature", 403);
    }
  });

  test("wrong secret, method, path or timestamp answer kInvalidRequestSignature", async () => {
    const { client } = await setup();
    expectInvalid(await client.request("GET", "/accounts/me", { secret: client.secret.replace(/^./, (c) => (c === "a" ? "b" : "a")) }));
    expectInvalid(await client.request("GET", "/accounts/me", { signedMethod: "POST" }));
    expectInvalid(await client.request("GET", "/accounts/me", { signedMethod: "get" }));
    expectInvalid(await client.request("GET", "/accounts/me", { command: "/accounts/status" }));
    expectInvalid(await client.request("GET", "/accounts/me", { command: "accounts/me" }));
    expectInvalid(await client.request("GET", "/accounts/me", { command: "/accounts/me/" }));
    const headers = client.headers("GET", "/accounts/me");
    headers["Medable-Client-Timestamp"] = String(Number(headers["Medable-Client-Timestamp"]) + 1);
    expectInvalid(await client.send("GET", "/accounts/me", headers));
    const key = client.headers("GET", "/accounts/me");
    key["Medable-Client-Signature"] = key["Medable-Client-Signature"].toUpperCase(); // case does not matter
    expect((await client.send("GET", "/accounts/me", key)).status).toBe(200);
  });

  test("a regenerated secret invalidates the old one at once", async () => {
    const { client, app } = await setup();
    expect((await client.request("GET", "/accounts/me")).status).toBe(200);
    const { secret } = await regenerateAppSecret(db(), app._id);
    expectInvalid(await client.request("GET", "/accounts/me"));
    expect((await client.request("GET", "/accounts/me", { secret })).status).toBe(200);
  });

  test("a signature app called without a signature answers kInvalidRequestSignature", async () => {
    const { app, org } = await setup();
    const plain = apiClient(org, app.key);
    for (const res of [await plain.me(), await plain.status(), await plain.logout(), await plain.request("GET", "/no/such/thing")]) {
      expectInvalid(res);
    }
  });

  test("principal override on an app that does not allow it: kAccessDenied (principal)", async () => {
    const { client, account } = await setup();
    const res = await client.request("GET", "/accounts/me", { principal: account.email });
    expect(res.status).toBe(403);
    expectExactFault(res.body, "kAccessDenied", "cortex.accessDenied.principal", 403);
    const alias = await client.request("GET", "/accounts/me", { principal: account.id, principalAlias: true });
    expectExactFault(alias.body, "kAccessDenied", "cortex.accessDenied.principal", 403);
  });

  test("an unknown principal, or one of another org: kNotFound (account)", async () => {
    const org = await createTestOrg();
    const other = await createTestOrg();
    const stranger = await createTestAccount(other);
    const { client } = await signatureApp(org, { principalOverride: true });
    for (const principal of ["nobody@example.test", "0123456789abcdef01234567", stranger.id, stranger.email]) {
      const res = await client.request("GET", "/accounts/me", { principal });
      expect(res.status, principal).toBe(404);
      expectExactFault(res.body, "kNotFound", "cortex.notFound.account", 404);
    }
  });

  test("disabled and expired signature apps are refused even with a right signature", async () => {
    const { client, app } = await setup();
    await db().app.update({ where: { id: app._id }, data: { enabled: false } });
    const disabled = await client.request("GET", "/accounts/me");
    expect(disabled.status).toBe(403);
    expectExactFault(disabled.body, "kAccessDenied", "cortex.accessDenied.appDisabled", 403);
    await db().app.update({ where: { id: app._id }, data: { enabled: true, expiresAt: new Date(Date.now() - 1000) } });
    const expired = await client.request("GET", "/accounts/me");
    expect(expired.status).toBe(410);
    expectExactFault(expired.body, "kExpired", "cortex.expired.app", 410);
  });

  test("a signed login or registration is refused, and creates nothing", async () => {
    const org = await createTestOrg({ registrationEnabled: true });
    const account = await createTestAccount(org);
    const { client } = await signatureApp(org);
    const session = await createTestApp(org, { type: "session", name: "Web" });
    const signedSession = new SignedClient(org.code, session.app.key, session.secret);
    const login = { email: account.email, password: account.password };
    for (const c of [client, signedSession]) {
      const res = await c.request("POST", "/accounts/login", { body: login });
      expectInvalid(res);
      expect(res.body.reason).toMatch(/login/i);
      expect(res.setCookies).toEqual([]);
      const reg = await c.request("POST", "/accounts/register", { body: { ...login, email: `new-${randomNonce()}@example.test`, mobile: "+15550000001" } });
      expectInvalid(reg);
    }
    // Unsigned, through the signature app: refused too (that app accepts only signed requests).
    expectInvalid(await apiClient(org, client.key).login(account.email, account.password));
    expect(await db().location.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db().session.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db().account.count({ where: { orgId: org.id } })).toBe(1);
    expect(await sms.messages(account.mobile!)).toEqual([]);
  });

  test("signed requests never trigger location verification: no location, no SMS, no cookie", async () => {
    const { client, account } = await setup();
    for (const [method, path] of [["GET", "/accounts/me"], ["GET", "/accounts/status"], ["PUT", "/accounts/me"], ["POST", "/accounts/me/logout"], ["GET", "/x"]] as const) {
      const res = await client.request(method, path, method === "PUT" ? { body: { name: { last: "L" } } } : {});
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
      expect(res.setCookies, `${method} ${path}`).toEqual([]);
    }
    expect(await db().location.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db().session.count({ where: { accountId: account.id } })).toBe(0);
    expect(await sms.messages(account.mobile!)).toEqual([]);
  });
});

test.describe("replay defence", () => {
  test("a nonce works once per app; another app may use the same nonce", async () => {
    const { client, org } = await setup();
    const headers = client.headers("GET", "/accounts/me");
    expect((await client.send("GET", "/accounts/me", headers)).status).toBe(200);
    const replay = await client.send("GET", "/accounts/me", headers);
    expectInvalid(replay);
    expect(replay.body.reason).toMatch(/nonce/i);
    // A fresh signature with the old nonce is still a replay.
    expectInvalid(await client.request("GET", "/accounts/me", { nonce: headers["Medable-Client-Nonce"] }));
    // Failed requests do not spend a nonce: a wrong signature first, then the right one.
    const nonce = randomNonce();
    expectInvalid(await client.request("GET", "/accounts/me", { nonce, secret: "y".repeat(64) }));
    expect((await client.request("GET", "/accounts/me", { nonce })).status).toBe(200);
    const { client: other } = await signatureApp(org);
    expect((await other.request("GET", "/accounts/status", { nonce: headers["Medable-Client-Nonce"] })).status).toBe(200);
  });

  test("100 concurrent copies of one signed request: exactly one is accepted", async () => {
    const { client, account } = await setup();
    const headers = client.headers("GET", "/accounts/me");
    const results = await Promise.all(Array.from({ length: 100 }, () => client.send("GET", "/accounts/me", headers)));
    const accepted = results.filter((r) => r.status === 200);
    expect(accepted).toHaveLength(1);
    expect(accepted[0].body._id).toBe(account.id);
    for (const r of results.filter((x) => x.status !== 200)) expectInvalid(r);
  });

  test("expired nonces are purged as requests arrive, so the table stays bounded", async () => {
    const { client, app } = await setup();
    // A backlog of expired nonces, older than anything else in the table so they go first.
    await db().signatureNonce.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({ appId: app._id, nonce: randomNonce(), expiresAt: new Date(Date.UTC(1980, 0, 1, 0, 0, i)) })),
    });
    const stale = { appId: app._id, expiresAt: { lt: new Date() } };
    expect(await db().signatureNonce.count({ where: stale })).toBe(100);
    // Each process purges up to PURGE_BATCH (64) rows every PURGE_EVERY (16) claims, so these
    // requests bring at least three purges (another test's concurrent claim may be the purging one:
    // poll, it commits within moments).
    for (let i = 0; i < 3 * PURGE_EVERY; i++) expect((await client.request("GET", "/accounts/me")).status).toBe(200);
    await expect.poll(() => db().signatureNonce.count({ where: stale }), { timeout: 5_000 }).toBe(0);
    expect(await db().signatureNonce.count({ where: { appId: app._id } })).toBe(3 * PURGE_EVERY); // only the live ones
    const row = await db().signatureNonce.findFirstOrThrow({ where: { appId: app._id } });
    // Remembered until the request's timestamp leaves the window.
    expect(Math.abs(row.expiresAt.getTime() - (Date.now() + 15 * MINUTE))).toBeLessThan(MINUTE);
  });
});

test.describe("replay across two server processes sharing one database", () => {
  let second: RunningServer | undefined;

  test.beforeAll(async () => {
    const port = await findFreePort();
    second = await startNextServer({
      port, log: "ignore",
      env: { ...process.env, NODE_ENV: "production", NEXTAUTH_URL: `http://127.0.0.1:${port}` },
    });
  });

  test.afterAll(async () => {
    await second?.stop();
  });

  test("a request accepted by one process is refused as a replay by the other, and concurrently only one wins", async () => {
    const { client, account } = await setup();
    expect(second!.url).not.toBe(client.baseUrl);

    const headers = client.headers("GET", "/accounts/me");
    const first = await client.send("GET", "/accounts/me", headers);
    expect(first.status).toBe(200);
    expect(first.body._id).toBe(account.id);
    expectInvalid(await client.send("GET", "/accounts/me", headers, { baseUrl: second!.url }));

    // The other way round, and the second process really serves signed requests itself.
    const fresh = client.headers("GET", "/accounts/me");
    expect((await client.send("GET", "/accounts/me", fresh, { baseUrl: second!.url })).status).toBe(200);
    expectInvalid(await client.send("GET", "/accounts/me", fresh));

    // 50 copies to each process at once: one acceptance in total.
    const race = client.headers("GET", "/accounts/me");
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
      client.send("GET", "/accounts/me", race, { baseUrl: i % 2 ? second!.url : client.baseUrl })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });
});
