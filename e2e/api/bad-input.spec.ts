// SPEC §1 — routing, app keys and bad input: always a clear Cortex fault, never a 500 or a stack.
import { test, expect } from "@playwright/test";
import { BASE_URL, apiClient, createTestAccount, createTestOrg, db, giveVerifiedLocation } from "../support/fixtures.ts";
import { ApiClient } from "../support/api-client.ts";

function expectFault(body: any, code: string, errCode: string, status: number) {
  expect(body).toMatchObject({ object: "fault", name: "fault", code, errCode, status, message: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/at \S+ \(|node_modules|prisma|Error:/i);
}

test.describe("routing and app keys", () => {
  test("unknown org, missing key, unknown key, a key of another org", async () => {
    const org = await createTestOrg();
    const other = await createTestOrg();
    const unknownOrg = await new ApiClient(BASE_URL, "no-such-org-xyz", org.appKey).status();
    expect(unknownOrg.status).toBe(404);
    expectFault(unknownOrg.body, "kNotFound", "cortex.notFound.org", 404);

    const missing = await apiClient(org, null).status();
    expectFault(missing.body, "kNotFound", "cortex.notFound.app", 404);
    const unknown = await apiClient(org, "AAAAAAAAAAAAAAAAAAAAAA").status();
    expectFault(unknown.body, "kNotFound", "cortex.notFound.app", 404);
    const foreign = await apiClient(org, other.appKey).status();
    expectFault(foreign.body, "kNotFound", "cortex.notFound.app", 404);
    expect(foreign.headers.get("medable-server-time")).toMatch(/^\d{13}$/);
  });

  test("disabled and expired apps", async () => {
    const org = await createTestOrg();
    await db().app.update({ where: { id: org.appId }, data: { enabled: false } });
    const disabled = await apiClient(org).status();
    expect(disabled.status).toBe(403);
    expectFault(disabled.body, "kAccessDenied", "cortex.accessDenied.appDisabled", 403);

    await db().app.update({ where: { id: org.appId }, data: { enabled: true, expiresAt: new Date(Date.now() - 1000) } });
    const expired = await apiClient(org).status();
    expect(expired.status).toBe(410);
    expectFault(expired.body, "kExpired", "cortex.expired.app", 410);
  });

  test("unknown resources and methods answer JSON faults", async () => {
    const org = await createTestOrg();
    const client = apiClient(org);
    const unknown = await client.request("GET", "/no/such/thing");
    expect(unknown.status).toBe(404);
    expectFault(unknown.body, "kNotFound", "cortex.notFound.route", 404);
    const wrongMethod = await client.request("GET", "/accounts/login");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.object).toBe("fault");
  });
});

test.describe("bad input", () => {
  test("malformed JSON, non-object JSON, unsupported content type, oversized body", async () => {
    const org = await createTestOrg();
    const client = apiClient(org);
    const malformed = await client.request("POST", "/accounts/login", { raw: '{"email": "a@b.c", "password": ' });
    expect(malformed.status).toBe(400);
    expectFault(malformed.body, "kInvalidArgument", "cortex.invalidArgument.body", 400);

    const array = await client.request("POST", "/accounts/login", { raw: "[1,2,3]" });
    expectFault(array.body, "kInvalidArgument", "cortex.invalidArgument.body", 400);

    const xml = await client.request("POST", "/accounts/login", { raw: "<login/>", contentType: "application/xml" });
    expect(xml.status).toBe(415);

    const huge = await client.request("POST", "/accounts/login", { raw: JSON.stringify({ email: "a@b.c", password: "x".repeat(2_000_000) }) });
    expect(huge.status).toBe(413);
    expectFault(huge.body, "kInvalidArgument", "cortex.invalidArgument.bodyTooLarge", 413);
  });

  test("missing fields and wrong types get kValidationError with one child per field", async () => {
    const org = await createTestOrg();
    const client = apiClient(org);
    const empty = await client.request("POST", "/accounts/login", { body: {} });
    expect(empty.status).toBe(400);
    expectFault(empty.body, "kValidationError", "cortex.invalidArgument.validation", 400);
    expect(empty.body.faults.map((f: any) => f.path).sort()).toEqual(["email", "password"]);

    const types = await client.request("POST", "/accounts/login", { body: { email: 42, password: ["x"], location: { singleUse: "maybe" } } });
    expect(types.body.code).toBe("kValidationError");
    expect(types.body.faults.map((f: any) => f.path).sort()).toEqual(["email", "location.singleUse", "password"]);
    for (const child of types.body.faults) expect(child).toMatchObject({ object: "fault", code: "kInvalidArgument", path: expect.any(String) });
  });

  test("url-encoded login is accepted", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await giveVerifiedLocation(client, account, org.appId);
    const form = new URLSearchParams({ email: account.email, password: account.password, "location[locationName]": "Form" });
    const res = await client.request("POST", "/accounts/login", { raw: form.toString(), contentType: "application/x-www-form-urlencoded" });
    expect(res.status).toBe(200);
    expect(res.body.object).toBe("account");
  });

  test("registration validates every field and refuses when the org does not allow it", async () => {
    const closed = await createTestOrg();
    const refused = await apiClient(closed).request("POST", "/accounts/register", { body: {} });
    expectFault(refused.body, "kAccessDenied", "cortex.accessDenied.registrationDisabled", 403);

    const org = await createTestOrg({ registrationEnabled: true });
    const bad = await apiClient(org).request("POST", "/accounts/register", {
      body: { email: "not-an-email", password: "short", mobile: "555-1234", name: { first: "" } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("kValidationError");
    expect(bad.body.faults.map((f: any) => f.path).sort()).toEqual(["email", "mobile", "name.first", "name.last", "password"]);

    const existing = await createTestAccount(org);
    const dup = await apiClient(org).request("POST", "/accounts/register", {
      body: { email: existing.email.toUpperCase(), password: "long enough pw", mobile: "+15550001111", name: { first: "A", last: "B" } },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.code).toBe("kValidationError");
    expect(dup.body.faults[0].path).toBe("email");
  });

  test("every response carries Medable-Server-Time", async () => {
    const org = await createTestOrg();
    const before = Date.now();
    for (const res of [await apiClient(org).status(), await apiClient(org).me(), await apiClient(org).login("x@y.z", "pw")]) {
      const t = Number(res.headers.get("medable-server-time"));
      expect(t).toBeGreaterThanOrEqual(before - 1000);
      expect(t).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });
});

test("health reports the database", async () => {
  const res = await fetch(`${BASE_URL}/api/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
});
