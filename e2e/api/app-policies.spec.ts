// SPEC §1, §2, §5 — app policies on every API call, over real HTTP: the IP allow-list (with and
// without a trusted proxy, and a spoofed X-Forwarded-For that must not be believed), CORS preflight
// and actual responses, and the CSRF token flow of session apps.
import { test, expect } from "@playwright/test";
import { findFreePort } from "../../scripts/free-port.ts";
import { startNextServer, type RunningServer } from "../../scripts/next-server.ts";
import { ApiClient } from "../support/api-client.ts";
import { BASE_URL, apiClient, createTestAccount, createTestApp, createTestOrg, db, giveVerifiedLocation, type TestOrg } from "../support/fixtures.ts";
import { SignedClient } from "../support/signing.ts";

function expectExactFault(body: any, code: string, errCode: string, status: number) {
  expect(body).toEqual({
    object: "fault", name: "fault", code, errCode, status, message: expect.any(String),
    ...(body?.reason !== undefined ? { reason: expect.any(String) } : {}),
  });
}
const expectIpDenied = (res: { status: number; body: any }) => {
  expect(res.status).toBe(403);
  expectExactFault(res.body, "kAccessDenied", "cortex.accessDenied.ipNotAllowed", 403);
};
const expectCorsDenied = (res: { status: number; body: any; headers: Headers }) => {
  expect(res.status).toBe(403);
  expectExactFault(res.body, "kAccessDenied", "cortex.accessDenied.cors", 403);
  expect(res.headers.get("access-control-allow-origin")).toBeNull();
  expect(res.headers.get("access-control-allow-credentials")).toBeNull();
};

async function appWith(org: TestOrg, input: Parameters<typeof createTestApp>[1]) {
  const { app, secret } = await createTestApp(org, { name: "Policy app", ...input });
  return { app, secret };
}

test.describe("IP allow-list, server without a trusted proxy", () => {
  test("allowed and refused addresses", async () => {
    const org = await createTestOrg();
    const open = await appWith(org, {});
    const local = await appWith(org, { ipAllowList: ["127.0.0.1/32", "2001:db8::/32"] });
    const mapped = await appWith(org, { ipAllowList: ["::ffff:127.0.0.0/104"] });
    const elsewhere = await appWith(org, { ipAllowList: ["10.0.0.0/8", "2001:db8::/32"] });
    expect((await apiClient(org, open.app.key).status()).status).toBe(200);
    expect((await apiClient(org, local.app.key).status()).status).toBe(200);
    expect((await apiClient(org, mapped.app.key).status()).status).toBe(200);
    expectIpDenied(await apiClient(org, elsewhere.app.key).status());
    expectIpDenied(await apiClient(org, elsewhere.app.key).login("a@b.test", "whatever"));
  });

  test("a spoofed X-Forwarded-For or peer header from an untrusted peer is not believed", async () => {
    const org = await createTestOrg();
    const elsewhere = await appWith(org, { ipAllowList: ["10.0.0.0/8"] });
    const client = apiClient(org, elsewhere.app.key);
    for (const headers of <Array<Record<string, string>>>[
      { "X-Forwarded-For": "10.1.2.3" },
      { "X-Forwarded-For": "10.1.2.3, 10.9.9.9" },
      { "X-Real-IP": "10.1.2.3" },
      { "X-Gatehouse-Peer": "10.1.2.3" }, // the internal header instrumentation.ts stamps
    ]) {
      expectIpDenied(await client.request("GET", "/accounts/status", { headers }));
    }
  });

  test("the audit trail records the real peer, not a spoofed X-Forwarded-For", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    await apiClient(org).request("POST", "/accounts/login", {
      body: { email: account.email, password: "wrong" }, headers: { "X-Forwarded-For": "203.0.113.9", "X-Gatehouse-Peer": "203.0.113.10" },
    });
    const event = await db().auditEvent.findFirstOrThrow({ where: { orgId: org.id, type: "login.failed" } });
    expect(event.ip).toBe("127.0.0.1");
  });

  test("a signed request from a refused address is refused before its signature is checked", async () => {
    const org = await createTestOrg();
    const { app, secret } = await appWith(org, { type: "signature", ipAllowList: ["10.0.0.0/8"] });
    const signed = new SignedClient(org.code, app.key, secret);
    expectIpDenied(await signed.request("GET", "/accounts/status"));
    expectIpDenied(await signed.request("GET", "/accounts/status", { secret: "x".repeat(64) }));
    expect(await db().signatureNonce.count({ where: { appId: app._id } })).toBe(0);
  });
});

test.describe("IP allow-list behind a trusted proxy (TRUSTED_PROXIES=127.0.0.1/32)", () => {
  let proxied: RunningServer | undefined;

  test.beforeAll(async () => {
    const port = await findFreePort();
    proxied = await startNextServer({
      port, log: "ignore",
      env: { ...process.env, NODE_ENV: "production", NEXTAUTH_URL: `http://127.0.0.1:${port}`, TRUSTED_PROXIES: "127.0.0.1/32" },
    });
  });

  test.afterAll(async () => {
    await proxied?.stop();
  });

  test("the client address is the right-most X-Forwarded-For entry that is not a trusted proxy", async () => {
    const org = await createTestOrg();
    const ten = await appWith(org, { ipAllowList: ["10.0.0.0/8"] });
    const local = await appWith(org, { ipAllowList: ["127.0.0.1/32"] });
    const open = await appWith(org, {});
    const client = new ApiClient(proxied!.url, org.code, ten.app.key);
    const status = (headers: Record<string, string>) => client.request("GET", "/accounts/status", { headers });

    expect((await status({ "X-Forwarded-For": "10.1.2.3" })).status).toBe(200);
    expect((await status({ "X-Forwarded-For": "10.1.2.3, 127.0.0.1" })).status).toBe(200); // a second proxy hop
    expect((await status({ "X-Forwarded-For": "203.0.113.7, 10.1.2.3" })).status).toBe(200); // left entries are the client's own claims
    expectIpDenied(await status({ "X-Forwarded-For": "10.1.2.3, 203.0.113.7" })); // the proxy saw 203.0.113.7
    expectIpDenied(await status({})); // no header: the proxy itself (127.0.0.1)

    // With no X-Forwarded-For the peer is the address, and an app without a list sees no change.
    expect((await new ApiClient(proxied!.url, org.code, local.app.key).status()).status).toBe(200);
    expect((await new ApiClient(proxied!.url, org.code, open.app.key).status()).status).toBe(200);
  });

  test("the audit trail records the forwarded client address", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    await new ApiClient(proxied!.url, org.code, org.appKey).request("POST", "/accounts/login", {
      body: { email: account.email, password: "wrong" }, headers: { "X-Forwarded-For": "198.51.100.4" },
    });
    const event = await db().auditEvent.findFirstOrThrow({ where: { orgId: org.id, type: "login.failed" } });
    expect(event.ip).toBe("198.51.100.4");
  });
});

test.describe("CORS", () => {
  const ORIGIN = "https://app.example.test";

  async function corsOrg() {
    const org = await createTestOrg();
    const web = await appWith(org, { corsOrigins: [ORIGIN, "http://localhost:5173"], csrf: true });
    return { org, web };
  }

  const preflight = (org: TestOrg, path: string, origin: string | null, method = "POST") =>
    fetch(`${BASE_URL}/${org.code}/v2${path}`, {
      method: "OPTIONS",
      headers: {
        ...(origin ? { Origin: origin } : {}),
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "content-type,medable-client-key,medable-csrf-token",
      },
    });

  test("a preflight from an origin an app of the org lists is answered with the Cortex headers", async () => {
    const { org } = await corsOrg();
    for (const path of ["/accounts/login", "/accounts/me", "/accounts/me/logout", "/accounts/status", "/accounts/register", "/some/other/resource"]) {
      const res = await preflight(org, path, ORIGIN);
      expect(res.status, path).toBe(204);
      expect(await res.text()).toBe("");
      expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(res.headers.get("access-control-allow-credentials")).toBe("true");
      expect(res.headers.get("access-control-allow-methods")).toBe("GET, POST, PUT, PATCH, DELETE, OPTIONS");
      const allowed = res.headers.get("access-control-allow-headers")!.toLowerCase().split(/,\s*/);
      for (const h of ["content-type", "medable-client-key", "medable-client-signature", "medable-client-timestamp", "medable-client-nonce", "medable-client-account", "medable-client-principal", "medable-csrf-token"]) {
        expect(allowed, h).toContain(h);
      }
      expect(res.headers.get("access-control-expose-headers")).toBe("Medable-Server-Time, Medable-Csrf-Token");
      expect(res.headers.get("access-control-max-age")).toBe("600");
      expect(res.headers.get("vary")).toMatch(/Origin/);
    }
  });

  test("a preflight from an origin no live app of the org lists gets no CORS headers", async () => {
    const { org } = await corsOrg();
    const other = await createTestOrg();
    await appWith(other, { corsOrigins: ["https://other.example.test"] });
    const disabled = await appWith(org, { corsOrigins: ["https://disabled.example.test"] });
    await db().app.update({ where: { id: disabled.app._id }, data: { enabled: false } });
    const expired = await appWith(org, { corsOrigins: ["https://expired.example.test"] });
    await db().app.update({ where: { id: expired.app._id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    for (const origin of ["https://evil.example.test", "https://other.example.test", "https://disabled.example.test", "https://expired.example.test", "null", "http://app.example.test", "https://app.example.test.evil.test"]) {
      const res = await preflight(org, "/accounts/login", origin);
      expect(res.status, origin).toBe(403);
      expectCorsDenied({ status: res.status, body: await res.json(), headers: res.headers });
    }
    const unknownOrg = await fetch(`${BASE_URL}/no-such-org-q/v2/accounts/login`, { method: "OPTIONS", headers: { Origin: ORIGIN, "Access-Control-Request-Method": "POST" } });
    expect(unknownOrg.status).toBe(403);
    expect(unknownOrg.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("an OPTIONS request without Origin is not a preflight: it lists the methods", async () => {
    const { org } = await corsOrg();
    const res = await preflight(org, "/accounts/me", null);
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("GET, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("actual requests from a listed origin carry credentials-safe CORS headers, results and faults alike", async () => {
    const { org, web } = await corsOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org, web.app.key);
    await giveVerifiedLocation(client, account, web.app._id);
    const origin = { Origin: ORIGIN };

    const fault = await client.request("GET", "/accounts/me", { headers: origin });
    expectExactFault(fault.body, "kNotLoggedIn", "cortex.accessDenied.notLoggedIn", 403);
    for (const res of [fault, await client.request("POST", "/accounts/login", { headers: origin, body: { email: account.email, password: account.password } })]) {
      expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(res.headers.get("access-control-allow-credentials")).toBe("true");
      expect(res.headers.get("access-control-expose-headers")).toBe("Medable-Server-Time, Medable-Csrf-Token");
      expect(res.headers.get("vary")).toMatch(/Origin/);
    }
    const me = await client.request("GET", "/accounts/me", { headers: { Origin: "http://localhost:5173" } });
    expect(me.status).toBe(200);
    expect(me.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(client.csrfToken).toMatch(/^[A-Za-z0-9]{64}$/);
  });

  test("requests from an origin the app does not list are refused before they do anything", async () => {
    const { org, web } = await corsOrg();
    const sibling = await appWith(org, { corsOrigins: ["https://sibling.example.test"] });
    const account = await createTestAccount(org);
    const client = apiClient(org, web.app.key);
    await giveVerifiedLocation(client, account, web.app._id);
    // Listed by a sibling app: the preflight passes, but this app does not list it.
    for (const origin of ["https://evil.example.test", "https://sibling.example.test", "null"]) {
      expectCorsDenied(await client.request("POST", "/accounts/login", { headers: { Origin: origin }, body: { email: account.email, password: account.password } }));
      expectCorsDenied(await client.request("GET", "/accounts/status", { headers: { Origin: origin } }));
    }
    expect(await db().session.count({ where: { accountId: account.id } })).toBe(0);
    // Without Origin (mobile apps, servers) there is no CORS at all; a same-origin request passes too.
    const plain = await client.request("GET", "/accounts/status");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
    const same = await client.request("GET", "/accounts/status", { headers: { Origin: BASE_URL } });
    expect(same.status).toBe(200);
    expect(same.headers.get("access-control-allow-origin")).toBeNull();
    void sibling;
  });
});

test.describe("CSRF (session apps with csrf on)", () => {
  async function csrfSession(csrf = true) {
    const org = await createTestOrg({}, { csrf });
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await giveVerifiedLocation(client, account, org.appId);
    const login = await client.login(account.email, account.password);
    expect(login.status).toBe(200);
    return { org, account, client, login };
  }

  test("login returns a Medable-Csrf-Token; GET needs none, a state change needs the right one", async () => {
    const { client, login } = await csrfSession();
    const token = login.headers.get("medable-csrf-token");
    expect(token).toMatch(/^[A-Za-z0-9]{64}$/);
    expect((await client.request("GET", "/accounts/me", { headers: {} })).status).toBe(200);
    const put = await client.request("PUT", "/accounts/me", { body: { name: { first: "Csrf" } }, headers: { "Medable-Csrf-Token": token! } });
    expect(put.status).toBe(200);
    expect(put.body.name.first).toBe("Csrf");
  });

  for (const [name, header] of [["missing", null], ["wrong", "x".repeat(64)], ["empty", ""]] as const) {
    test(`a state change with a ${name} token answers kCSRFTokenMismatch and ends the session`, async () => {
      const { client, account } = await csrfSession();
      const token = client.csrfToken!;
      client.csrfToken = null;
      const res = await client.request("PUT", "/accounts/me", { body: { name: { first: "Evil" } }, headers: header === null ? {} : { "Medable-Csrf-Token": header } });
      expect(res.status).toBe(403);
      expectExactFault(res.body, "kCSRFTokenMismatch", "cortex.accessDenied.csrfTokenMismatch", 403);
      // The session is dead, even for the right token now.
      expectExactFault((await client.me()).body, "kNotLoggedIn", "cortex.accessDenied.notLoggedIn", 403);
      const late = await client.request("PUT", "/accounts/me", { body: { name: { first: "Late" } }, headers: { "Medable-Csrf-Token": token } });
      expectExactFault(late.body, "kNotLoggedIn", "cortex.accessDenied.notLoggedIn", 403);
      const row = await db().account.findUniqueOrThrow({ where: { id: account.id } });
      expect(row.nameFirst).toBe("Test"); // nothing changed
      expect(await db().session.findFirstOrThrow({ where: { accountId: account.id } })).toMatchObject({ endReason: "csrf" });
    });
  }

  test("a token belongs to its own session", async () => {
    const a = await csrfSession();
    const second = apiClient(a.org);
    second.jar.set("md.fingerprint", a.client.jar.get("md.fingerprint")!);
    expect((await second.login(a.account.email, a.account.password)).status).toBe(200);
    const res = await second.request("PUT", "/accounts/me", { body: { name: { first: "X" } }, headers: { "Medable-Csrf-Token": a.client.csrfToken! } });
    expect(res.body.code).toBe("kCSRFTokenMismatch");
    expect((await a.client.me()).status).toBe(200); // the other session lives on
  });

  test("logout never faults: without a token it still answers a result (and ends the session)", async () => {
    const { client } = await csrfSession();
    client.csrfToken = null;
    const out = await client.request("POST", "/accounts/me/logout", { headers: { "Medable-Csrf-Token": "wrong" } });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ object: "result", data: true });
    expect((await client.me()).body.code).toBe("kNotLoggedIn");
    expect((await client.logout()).body).toEqual({ object: "result", data: false });
  });

  test("an app without csrf issues no token and needs none", async () => {
    const { client, login } = await csrfSession(false);
    expect(login.headers.get("medable-csrf-token")).toBeNull();
    expect((await client.request("PUT", "/accounts/me", { body: { name: { last: "NoCsrf" } } })).status).toBe(200);
  });

  test("PUT accounts/me accepts only the name", async () => {
    const { client } = await csrfSession(false);
    const res = await client.request("PUT", "/accounts/me", { body: { name: { first: "A" }, email: "x@y.test" } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "kValidationError" });
    const long = await client.request("PUT", "/accounts/me", { body: { name: { first: "x".repeat(101) } } });
    expect(long.body.faults[0]).toMatchObject({ path: "name.first" });
  });
});
