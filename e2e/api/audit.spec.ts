// Every auth event lands in the audit table with org, account, location, app, IP and user agent —
// and never the code, password or token.
import { test, expect } from "@playwright/test";
import { apiClient, createTestAccount, createTestOrg, db, sms } from "../support/fixtures.ts";

test("a full sign-in leaves a complete audit trail without secrets", async () => {
  const org = await createTestOrg();
  const account = await createTestAccount(org);
  const client = apiClient(org);
  await client.login(account.email, "wrong password");
  await client.login(account.email, account.password);
  const code = await sms.waitForCode(account.mobile!);
  await client.login(account.email, account.password, { verificationToken: code === "999999" ? "000000" : "999999" });
  await client.login(account.email, account.password, { verificationToken: code });
  const token = client.jar.get("md.sid")!;
  await client.logout();

  const events = await db().auditEvent.findMany({ where: { orgId: org.id }, orderBy: { id: "asc" } });
  expect(events.map((e) => e.type)).toEqual([
    "login.failed", "location.created", "code.sent", "code.rejected", "location.verified", "login.succeeded", "logout",
  ]);
  for (const e of events) {
    expect(e.accountId).toBe(account.id);
    expect(e.appId).toBe(org.appId);
    expect(e.ip).toBe("127.0.0.1");
    expect(e.userAgent).toBeTruthy();
  }
  expect(events.filter((e) => e.type !== "login.failed").every((e) => e.locationId)).toBe(true);
  const dump = JSON.stringify(events, (_, v) => (typeof v === "bigint" ? String(v) : v));
  expect(dump).not.toContain(code);
  expect(dump).not.toContain(account.password);
  expect(dump).not.toContain("wrong password");
  expect(dump).not.toContain(token);
});
