// The client SDK (lib/client) against the real server: what a mobile developer does with it —
// login with new-location verification, register, me, logout, CSRF and cookies handled for them,
// an app restart, signed requests (including a device clock that is off) — and the example script.
import { test, expect } from "@playwright/test";
import { spawn } from "node:child_process";
import { GatehouseClient, GatehouseFault, MemoryStateStore, signRequest, type LoginResult } from "../../lib/client/index.ts";
import { BASE_URL, createTestAccount, createTestApp, createTestOrg, db, sms, uniqueMobile, type TestAccount, type TestOrg } from "../support/fixtures.ts";

const sessionClient = (org: TestOrg, extra: Partial<ConstructorParameters<typeof GatehouseClient>[0]> = {}) =>
  new GatehouseClient({ baseUrl: BASE_URL, org: org.code, key: org.appKey, ...extra });

async function fault(promise: Promise<unknown>): Promise<GatehouseFault> {
  const error = await promise.then(() => null, (e) => e);
  expect(error).toBeInstanceOf(GatehouseFault);
  return error as GatehouseFault;
}

async function loginWithCode(client: GatehouseClient, account: TestAccount): Promise<LoginResult> {
  const seen = (await sms.messages(account.mobile!)).length;
  const first = await client.login(account.email, account.password);
  expect(first).toEqual({
    state: "verificationRequired", code: "kNewLocation", reason: expect.stringMatching(/new location/i), phoneEnding: account.mobile!.slice(-2),
  });
  const code = await sms.waitForCode(account.mobile!, { after: seen });
  return client.verify(code, { locationName: "Test phone" });
}

test.describe("SDK: session apps", () => {
  test("login → verificationRequired → verify(code) → me, updateMe (CSRF handled) → logout", async () => {
    const org = await createTestOrg({}, { csrf: true });
    const account = await createTestAccount(org);
    const client = sessionClient(org);

    const result = await loginWithCode(client, account);
    expect(result).toEqual({ state: "signedIn", account: expect.objectContaining({ object: "account", _id: account.id, email: account.email }) });
    expect(await client.csrfToken()).toMatch(/^[A-Za-z0-9]{64}$/);
    expect((await db().location.findFirstOrThrow({ where: { accountId: account.id } })).name).toBe("Test phone");

    expect((await client.me())._id).toBe(account.id);
    expect((await client.updateMe({ name: { first: "Sdk" } })).name.first).toBe("Sdk");
    expect(await client.status()).toEqual({ loggedin: true, account: expect.objectContaining({ _id: account.id }) });

    expect(await client.logout()).toBe(true);
    const after = await fault(client.me());
    expect(after).toMatchObject({ code: "kNotLoggedIn", errCode: "cortex.accessDenied.notLoggedIn", status: 403 });
    expect(await client.logout()).toBe(false); // never a fault

    // The device stays verified: the next login needs no code.
    const codesSent = async () => (await sms.messages(account.mobile!)).filter((m) => /\b\d{6}\b/.test(m.body)).length;
    const before = await codesSent();
    expect((await client.login(account.email, account.password)).state).toBe("signedIn");
    expect(await codesSent()).toBe(before);
  });

  test("a wrong code throws a typed fault and the login stays pending for the right one", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = sessionClient(org);
    const seen = (await sms.messages(account.mobile!)).length;
    expect((await client.login(account.email, account.password)).state).toBe("verificationRequired");
    const code = await sms.waitForCode(account.mobile!, { after: seen });
    const wrong = await fault(client.verify(code === "000000" ? "111111" : "000000"));
    expect(wrong).toMatchObject({ code: "kInvalidArgument", errCode: "cortex.invalidArgument.locationToken", status: 400 });
    expect(client.verificationPending).toBe(true);
    // Asking again inside the cool-down: the code already sent still counts.
    expect(await client.resendCode()).toMatchObject({ state: "verificationRequired", code: "kUnverifiedLocation" });
    expect((await client.verify(code)).state).toBe("signedIn");
  });

  test("wrong credentials and a lockout are typed faults with children", async () => {
    const org = await createTestOrg({ lockAttempts: 2 });
    const account = await createTestAccount(org);
    const client = sessionClient(org);
    expect(await fault(client.login(account.email, "nope"))).toMatchObject({ code: "kInvalidCredentials", status: 403 });
    const locking = await fault(client.login(account.email, "nope"));
    expect(locking.code).toBe("kInvalidCredentials");
    expect(locking.has("kAccountLocked")).toBe(true);
    expect(await fault(client.login(account.email, account.password))).toMatchObject({ code: "kAccountLocked" });
    expect(client.verificationPending).toBe(false);
  });

  test("an app restart with a persisted store keeps the session and the device", async () => {
    const org = await createTestOrg({}, { csrf: true });
    const account = await createTestAccount(org);
    const store = new MemoryStateStore(); // stands in for SecureStore / Keychain / AsyncStorage
    await loginWithCode(sessionClient(org, { store }), account);

    const restarted = sessionClient(org, { store });
    expect((await restarted.me())._id).toBe(account.id);
    expect((await restarted.updateMe({ name: { last: "Restarted" } })).name.last).toBe("Restarted"); // CSRF token persisted

    // A CSRF mismatch ends the session on the server; the client forgets it (but not the device).
    await store.set(`gatehouse:${BASE_URL}/${org.code}`, JSON.stringify({ ...JSON.parse((await store.get(`gatehouse:${BASE_URL}/${org.code}`))!), csrf: "x".repeat(64) }));
    const tampered = sessionClient(org, { store });
    expect(await fault(tampered.updateMe({ name: { last: "Evil" } }))).toMatchObject({ code: "kCSRFTokenMismatch" });
    expect(await tampered.status()).toEqual({ loggedin: false });
    expect((await tampered.login(account.email, account.password)).state).toBe("signedIn");
  });

  test("register signs the new account in on a device that is then trusted", async () => {
    const org = await createTestOrg({ registrationEnabled: true });
    const client = sessionClient(org);
    const email = `sdk-${Date.now()}@example.test`;
    const mobile = uniqueMobile();
    const account = await client.register({ email, password: "correct horse battery", mobile, name: { first: "New", last: "User" } });
    expect(account).toMatchObject({ object: "account", email, mobile, name: { first: "New", last: "User" } });
    expect((await client.me())._id).toBe(account._id);
    await client.logout();
    expect((await client.login(email, "correct horse battery")).state).toBe("signedIn");
    const invalid = await fault(sessionClient(org).register({ email: "not-an-email", password: "x", mobile: "5", name: { first: "", last: "" } }));
    expect(invalid.code).toBe("kValidationError");
    expect(invalid.faults.map((f) => f.path).sort()).toEqual(["email", "mobile", "name.first", "name.last", "password"]);
  });
});

test.describe("SDK: signature apps", () => {
  async function signatureSetup() {
    const org = await createTestOrg();
    const alice = await createTestAccount(org);
    const bob = await createTestAccount(org);
    const { app, secret } = await createTestApp(org, { type: "signature", name: "Backend", principalOverride: true, fixedPrincipalId: alice.id });
    return { org, alice, bob, app, secret };
  }

  test("every call is signed: fixed principal, per-client and per-request principals", async () => {
    const { org, alice, bob, app, secret } = await signatureSetup();
    const client = new GatehouseClient({ baseUrl: BASE_URL, org: org.code, key: app.key, secret });
    expect((await client.me())._id).toBe(alice.id);
    expect((await client.request<{ _id: string }>("GET", "/accounts/me", { principal: bob.email }))._id).toBe(bob.id);
    expect((await new GatehouseClient({ baseUrl: BASE_URL, org: org.code, key: app.key, secret, principal: bob.id }).me())._id).toBe(bob.id);
    expect((await client.updateMe({ name: { first: "Signed" } })).name.first).toBe("Signed");
    expect(await client.status()).toMatchObject({ loggedin: true });
    expect(await client.logout()).toBe(false);
    // A signature app refuses a login outright.
    expect(await fault(client.login(alice.email, alice.password))).toMatchObject({ code: "kInvalidRequestSignature" });
    const wrong = new GatehouseClient({ baseUrl: BASE_URL, org: org.code, key: app.key, secret: "x".repeat(64) });
    expect(await fault(wrong.me())).toMatchObject({ code: "kInvalidRequestSignature", errCode: "cortex.accessDenied.invalidRequestSignature", status: 403 });
  });

  test("a device clock 40 minutes off still works: one retry on the server's clock", async () => {
    const { org, alice, app, secret } = await signatureSetup();
    for (const skew of [40, -40]) {
      let calls = 0;
      const client = new GatehouseClient({
        baseUrl: BASE_URL, org: org.code, key: app.key, secret, now: () => Date.now() + skew * 60_000,
        fetch: (url, init) => {
          calls++;
          return fetch(url, init);
        },
      });
      expect((await client.me())._id).toBe(alice.id);
      expect(calls).toBe(2);
      expect((await client.me())._id).toBe(alice.id);
      expect(calls).toBe(3); // corrected from then on
    }
  });

  test("the bundled HMAC (React Native without Web Crypto) signs what the server accepts", async () => {
    const { org, alice, app, secret } = await signatureSetup();
    const { hmacSha256Hex } = await import("../../lib/client/sha256.ts");
    const client = new GatehouseClient({ baseUrl: BASE_URL, org: org.code, key: app.key, secret, hmac: hmacSha256Hex });
    expect((await client.me())._id).toBe(alice.id);
  });

  test("signRequest() alone, with any HTTP client", async () => {
    const { org, bob, app, secret } = await signatureSetup();
    const headers = await signRequest({ key: app.key, secret, method: "GET", path: "/accounts/me?fields=all", principal: bob.email });
    const res = await fetch(`${BASE_URL}/${org.code}/v2/accounts/me?fields=all`, { headers });
    expect(res.status).toBe(200);
    expect((await res.json())._id).toBe(bob.id);
    // The same headers again are a replay.
    const replay = await fetch(`${BASE_URL}/${org.code}/v2/accounts/me?fields=all`, { headers });
    expect((await replay.json()).code).toBe("kInvalidRequestSignature");
  });

  test("scripts/signed-request-example.ts makes a signed request against the server", async () => {
    const { org, bob, app, secret } = await signatureSetup();
    const run = (args: string[], env: Record<string, string> = {}) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn("node_modules/.bin/tsx", ["scripts/signed-request-example.ts", ...args], { env: { ...process.env, ...env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("exit", (code) => resolve({ code, stdout, stderr }));
      });
    const ok = await run(["--base", BASE_URL, "--org", org.code, "--key", app.key, "--secret", secret, "--principal", bob.email]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ object: "account", _id: bob.id });
    expect(ok.stderr).toMatch(/Medable-Client-Signature: [0-9a-f]{64}/);
    expect(ok.stderr).not.toContain(secret);

    const viaEnv = await run(["--base", BASE_URL, "--org", org.code, "--key", app.key, "--path", "/accounts/status"], { GATEHOUSE_APP_SECRET: secret });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({ object: "result", data: { loggedin: true } });

    const bad = await run(["--base", BASE_URL, "--org", org.code, "--key", app.key, "--secret", "y".repeat(64)]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).code).toBe("kInvalidRequestSignature");
    expect((await run(["--org", org.code])).code).toBe(2);
  });
});
