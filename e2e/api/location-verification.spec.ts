// SPEC §3 — every branch of the location state machine, over real HTTP against `next start`,
// with codes read from the fake Twilio server.
import { test, expect } from "@playwright/test";
import {
  ageCodes, apiClient, createTestAccount, createTestApp, createTestOrg, db, giveVerifiedLocation, loginVerified, sms,
} from "../support/fixtures.ts";

test.describe("new-location verification", () => {
  test("a new location gets kNewLocation (HTTP 200) and an SMS; the right code signs in", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org);

    const first = await client.login(account.email, account.password);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      object: "fault", code: "kNewLocation", errCode: "cortex.success.newLocation", status: 200,
    });
    expect(first.body.reason).toContain(`ending in ${account.mobile!.slice(-2)}`);
    expect(first.headers.get("medable-server-time")).toMatch(/^\d{13}$/);
    // No session yet, but the location's fingerprint cookie is set.
    expect(first.setCookies.some((c) => c.startsWith("md.sid="))).toBe(false);
    const fingerprintCookie = first.setCookies.find((c) => c.startsWith("md.fingerprint="))!;
    expect(fingerprintCookie).toMatch(/Path=\/(;|$)/);
    expect(fingerprintCookie).toMatch(/HttpOnly/);
    expect(fingerprintCookie).toMatch(/SameSite=Lax/);
    expect(fingerprintCookie).toMatch(/Max-Age=\d{6,}/);
    expect(fingerprintCookie).not.toMatch(/Secure/); // plain HTTP on loopback

    const code = await sms.waitForCode(account.mobile!);
    expect(JSON.stringify(first.body)).not.toContain(code);
    const [message] = await sms.messages(account.mobile!);
    expect(message.body).toContain(org.name);

    const second = await client.login(account.email, account.password, { verificationToken: code, locationName: "Test phone" });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ object: "account", _id: account.id, email: account.email, mobile: account.mobile });
    expect(second.body.password).toBeUndefined();
    const sid = second.setCookies.find((c) => c.startsWith("md.sid="))!;
    expect(sid).toMatch(new RegExp(`Path=/${org.code}(;|$)`));
    expect(sid).toMatch(/HttpOnly/);
    expect(sid).toMatch(/SameSite=Lax/);

    const me = await client.me();
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ object: "account", _id: account.id });

    const location = await db().location.findFirstOrThrow({ where: { accountId: account.id } });
    expect(location).toMatchObject({ state: "verified", verifiedBy: "code", name: "Test phone", appId: org.appId });
    expect(await db().verificationCode.count({ where: { locationId: location.id } })).toBe(0);
  });

  test("a verified location signs in straight away, with no SMS", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await loginVerified(client, account);
    const sent = (await sms.messages(account.mobile!)).filter((m) => /\d{6}/.test(m.body)).length;

    const fresh = apiClient(org);
    fresh.jar.set("md.fingerprint", client.jar.get("md.fingerprint")!);
    const again = await fresh.login(account.email, account.password);
    expect(again.status).toBe(200);
    expect(again.body.object).toBe("account");
    expect((await sms.messages(account.mobile!)).filter((m) => /\d{6}/.test(m.body)).length).toBe(sent);
    const location = await db().location.findFirstOrThrow({ where: { accountId: account.id } });
    expect(location.lastLoginAt).not.toBeNull();
    expect(location.lastLoginIp).toBe("127.0.0.1");
  });

  test("a verificationToken on the very first request is ignored", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const res = await apiClient(org).login(account.email, account.password, { verificationToken: "123456" });
    expect(res.body.code).toBe("kNewLocation");
  });

  test("a pending code answers kUnverifiedLocation until the 60 s cool-down, then a new code replaces it", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await client.login(account.email, account.password);
    const firstCode = await sms.waitForCode(account.mobile!);

    const pending = await client.login(account.email, account.password);
    expect(pending.status).toBe(403);
    expect(pending.body).toMatchObject({ object: "fault", code: "kUnverifiedLocation", errCode: "cortex.accessDenied.unverifiedLocation", status: 403 });
    expect(Number(pending.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await sms.messages(account.mobile!)).toHaveLength(1);

    await ageCodes(account.id, 61);
    const resent = await client.login(account.email, account.password);
    expect(resent.body.code).toBe("kNewLocation");
    const secondCode = await sms.waitForCode(account.mobile!, { after: 1 });

    // The old code was replaced; the new one works.
    if (secondCode !== firstCode) {
      const old = await client.login(account.email, account.password, { verificationToken: firstCode });
      expect(old.body).toMatchObject({ code: "kInvalidArgument", errCode: "cortex.invalidArgument.locationToken", status: 400 });
    }
    const ok = await client.login(account.email, account.password, { verificationToken: secondCode });
    expect(ok.status).toBe(200);
  });

  test("wrong, malformed and expired codes get their own faults", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await client.login(account.email, account.password);
    const code = await sms.waitForCode(account.mobile!);
    const wrong = code === "000000" ? "111111" : "000000";

    const bad = await client.login(account.email, account.password, { verificationToken: wrong });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ object: "fault", code: "kInvalidArgument", errCode: "cortex.invalidArgument.locationToken", status: 400 });

    const malformed = await client.login(account.email, account.password, { verificationToken: "12ab" });
    expect(malformed.body).toMatchObject({ code: "kInvalidArgument", errCode: "cortex.invalidArgument.locationToken" });

    await ageCodes(account.id, 11 * 60);
    const expired = await client.login(account.email, account.password, { verificationToken: code });
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ object: "fault", code: "kExpired", errCode: "cortex.expired.locationToken", status: 410 });
    expect((await db().location.findFirstOrThrow({ where: { accountId: account.id } })).state).toBe("unverified");
  });

  test("a code sent for an already verified location answers kLocationAlreadyVerified", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await giveVerifiedLocation(client, account, org.appId);
    const res = await client.login(account.email, account.password, { verificationToken: "123456" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "kLocationAlreadyVerified", errCode: "cortex.invalidArgument.locationAlreadyVerified" });
  });

  test("a revoked location answers kLocationAccessRevoked, with a right password only", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org);
    const locationId = await giveVerifiedLocation(client, account, org.appId);
    await db().location.update({ where: { id: locationId }, data: { state: "revoked", revokedAt: new Date() } });

    const wrongPassword = await client.login(account.email, "not the password");
    expect(wrongPassword.body.code).toBe("kInvalidCredentials");
    const res = await client.login(account.email, account.password);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: "kLocationAccessRevoked", errCode: "cortex.accessDenied.locationAccessRevoked" });
  });

  test("singleUse verifies this session only: the location stays unverified", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await client.login(account.email, account.password);
    const code = await sms.waitForCode(account.mobile!);
    const ok = await client.login(account.email, account.password, { verificationToken: code, singleUse: true });
    expect(ok.status).toBe(200);
    expect((await client.me()).status).toBe(200);
    expect((await db().location.findFirstOrThrow({ where: { accountId: account.id } })).state).toBe("unverified");

    const next = await client.login(account.email, account.password);
    expect(next.body.code).toBe("kNewLocation");
  });

  test("a location verified through another app is re-verified: kLocationClientMismatch and a new code", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const other = await createTestApp(org);
    const client = apiClient(org);
    await loginVerified(client, account);
    const before = (await sms.messages(account.mobile!)).length;

    client.appKey = other.app.key;
    const res = await client.login(account.email, account.password);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: "kLocationClientMismatch", errCode: "cortex.accessDenied.locationClientMismatch" });
    const code = await sms.waitForCode(account.mobile!, { after: before });
    const location = await db().location.findFirstOrThrow({ where: { accountId: account.id } });
    expect(location).toMatchObject({ state: "unverified", appId: other.app._id });

    const ok = await client.login(account.email, account.password, { verificationToken: code });
    expect(ok.status).toBe(200);
  });

  test("bypass list: listed emails (any case) and '*' sign in from new locations without an SMS", async () => {
    const org = await createTestOrg();
    const listed = await createTestAccount(org);
    const unlisted = await createTestAccount(org);
    await db().org.update({ where: { id: org.id }, data: { bypassEmails: [listed.email.toUpperCase()] } });

    const res = await apiClient(org).login(listed.email, listed.password);
    expect(res.status).toBe(200);
    expect(res.body.object).toBe("account");
    expect(await sms.messages(listed.mobile!)).toHaveLength(0);
    const location = await db().location.findFirstOrThrow({ where: { accountId: listed.id } });
    expect(location).toMatchObject({ state: "verified", verifiedBy: "bypass" });
    const audit = await db().auditEvent.findMany({ where: { accountId: listed.id, type: "location.bypassed" } });
    expect(audit).toHaveLength(1);

    expect((await apiClient(org).login(unlisted.email, unlisted.password)).body.code).toBe("kNewLocation");
    await db().org.update({ where: { id: org.id }, data: { bypassEmails: ["*"] } });
    expect((await apiClient(org).login(unlisted.email, unlisted.password)).status).toBe(200);
  });

  test("registration trusts the registering location", async () => {
    const org = await createTestOrg({ registrationEnabled: true });
    const client = apiClient(org);
    const email = `reg-${Date.now()}@example.test`;
    const mobile = `+1555${String(Date.now()).slice(-7)}`;
    const res = await client.request("POST", "/accounts/register", {
      body: { email, password: "a long password", mobile, name: { first: "Ada", last: "Lovelace" } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: "account", email, mobile, name: { first: "Ada", last: "Lovelace" } });
    expect((await client.me()).status).toBe(200);
    const location = await db().location.findFirstOrThrow({ where: { accountId: res.body._id } });
    expect(location).toMatchObject({ state: "verified", verifiedBy: "registration" });

    await client.logout();
    const again = await client.login(email, "a long password");
    expect(again.status).toBe(200);
    expect(await sms.messages(mobile)).toHaveLength(0);
  });

  test("an account with no mobile cannot complete verification", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org, { mobile: null });
    const res = await apiClient(org).login(account.email, account.password);
    expect(res.body).toMatchObject({
      object: "fault", errCode: "cortex.notFound.property", path: "mobile",
      reason: "Two-factor authentication is not available for this account.",
    });
  });

  test("an SMS failure answers kSmsError and changes nothing", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    await sms.failFor(account.mobile!);
    const client = apiClient(org);
    try {
      const res = await client.login(account.email, account.password);
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ object: "fault", code: "kSmsError", errCode: "cortex.error.smsNotification", status: 500 });
      expect(await db().verificationCode.count({ where: { accountId: account.id } })).toBe(0);
      expect(await db().session.count({ where: { accountId: account.id } })).toBe(0);
      expect(await db().location.count({ where: { accountId: account.id, state: "verified" } })).toBe(0);
      expect(await db().auditEvent.count({ where: { accountId: account.id, type: "code.failed" } })).toBe(1);
    } finally {
      await sms.clearFailures();
    }
    // Once SMS works again the user simply gets a code (not "a code is pending").
    const retry = await client.login(account.email, account.password);
    expect(retry.body.code).toBe("kNewLocation");
  });
});
