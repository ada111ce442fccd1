// SPEC §2 — sessions: me, status, logout, sliding expiry, fingerprint binding, simultaneous logins.
import { test, expect } from "@playwright/test";
import { BASE_URL, apiClient, createTestAccount, createTestOrg, db, giveVerifiedLocation } from "../support/fixtures.ts";
import { ApiClient } from "../support/api-client.ts";

async function signedIn(settings: Parameters<typeof createTestOrg>[0] = {}, app: Parameters<typeof createTestOrg>[1] = {}) {
  const org = await createTestOrg(settings, app);
  const account = await createTestAccount(org);
  const client = apiClient(org);
  await giveVerifiedLocation(client, account, org.appId);
  const res = await client.login(account.email, account.password);
  expect(res.status).toBe(200);
  return { org, account, client };
}

test.describe("sessions", () => {
  test("no session: me answers kNotLoggedIn, status answers loggedin false", async () => {
    const org = await createTestOrg();
    const client = apiClient(org);
    const me = await client.me();
    expect(me.status).toBe(403);
    expect(me.body).toEqual({
      object: "fault", name: "fault", code: "kNotLoggedIn", errCode: "cortex.accessDenied.notLoggedIn", status: 403,
      message: expect.any(String),
    });
    const status = await client.status();
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ object: "result", data: { loggedin: false } });
  });

  test("status reports the signed-in account", async () => {
    const { client, account } = await signedIn();
    const status = await client.status();
    expect(status.body).toMatchObject({ object: "result", data: { loggedin: true, account: { _id: account.id, object: "account" } } });
  });

  test("logout ends the session at once and answers true, then false", async () => {
    const { client } = await signedIn();
    const stolenJar = client.jar.clone();
    const out = await client.logout();
    expect(out.body).toEqual({ object: "result", data: true });
    expect(out.setCookies.find((c) => c.startsWith("md.sid="))).toMatch(/Max-Age=0/);
    // The old cookie no longer works anywhere.
    const again = new ApiClient(BASE_URL, client.orgCode, client.appKey);
    again.jar = stolenJar;
    expect((await again.me()).body.code).toBe("kNotLoggedIn");
    expect((await again.logout()).body).toEqual({ object: "result", data: false });
    expect((await new ApiClient(BASE_URL, client.orgCode, client.appKey).logout()).body).toEqual({ object: "result", data: false });
  });

  test("sessions slide by the app's authDuration and expire when idle", async () => {
    const { client, account } = await signedIn({}, { authDuration: 120 });
    const row1 = await db().session.findFirstOrThrow({ where: { accountId: account.id } });
    expect(row1.expiresAt.getTime() - row1.createdAt.getTime()).toBe(120_000);
    await db().session.update({ where: { id: row1.id }, data: { expiresAt: new Date(Date.now() + 5_000) } });
    expect((await client.me()).status).toBe(200);
    const row2 = await db().session.findUniqueOrThrow({ where: { id: row1.id } });
    expect(row2.expiresAt.getTime()).toBeGreaterThan(Date.now() + 100_000);

    await db().session.update({ where: { id: row1.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const expired = await client.me();
    expect(expired.body).toMatchObject({ code: "kSessionExpired", errCode: "cortex.accessDenied.sessionExpired", status: 403 });
  });

  test("a session used from another fingerprint answers kFingerprintMismatch", async () => {
    const { client, org } = await signedIn();
    const thief = apiClient(org);
    thief.jar.set("md.sid", client.jar.get("md.sid")!);
    const res = await thief.me();
    expect(res.body).toMatchObject({ code: "kFingerprintMismatch", errCode: "cortex.invalidArgument.fingerprintMismatch", status: 400 });
  });

  test("a tampered fingerprint cookie answers kInvalidFingerprint", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await giveVerifiedLocation(client, account, org.appId);
    const value = client.jar.get("md.fingerprint")!;
    client.jar.set("md.fingerprint", `${value.slice(0, 39)}${value[39] === "a" ? "b" : "a"}${value.slice(40)}`);
    const res = await client.login(account.email, account.password);
    expect(res.body).toMatchObject({ code: "kInvalidFingerprint", errCode: "cortex.invalidArgument.locationFingerprint", status: 400 });
  });

  test("a session is bound to its app", async () => {
    const { client, org } = await signedIn();
    const { createTestApp } = await import("../support/fixtures.ts");
    const other = await createTestApp(org);
    client.appKey = other.app.key;
    expect((await client.me()).body.code).toBe("kNotLoggedIn");
  });

  test("when the org forbids simultaneous logins, a newer login ends the older session", async () => {
    const { client, org, account } = await signedIn({ simultaneousLogins: false });
    const second = apiClient(org);
    second.jar.set("md.fingerprint", client.jar.get("md.fingerprint")!);
    expect((await second.login(account.email, account.password)).status).toBe(200);
    const res = await client.me();
    expect(res.body).toMatchObject({ code: "kLoggedInElsewhere", errCode: "cortex.accessDenied.loggedInElsewhere", status: 403 });
    expect((await second.me()).status).toBe(200);
  });

  test("simultaneous logins are allowed by default", async () => {
    const { client, org, account } = await signedIn();
    const second = apiClient(org);
    second.jar.set("md.fingerprint", client.jar.get("md.fingerprint")!);
    expect((await second.login(account.email, account.password)).status).toBe(200);
    expect((await client.me()).status).toBe(200);
  });

  test("the database holds only hashes of session tokens and fingerprints", async () => {
    const { client, account } = await signedIn();
    const token = client.jar.get("md.sid")!;
    const fingerprint = client.jar.get("md.fingerprint")!.split(".")[0];
    const dump = JSON.stringify([
      await db().session.findMany({ where: { accountId: account.id } }),
      await db().location.findMany({ where: { accountId: account.id } }),
      await db().auditEvent.findMany({ where: { accountId: account.id } }),
    ], (_, v) => (typeof v === "bigint" ? String(v) : v));
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(fingerprint);
  });
});
