// Reading the audit log against a real PostgreSQL (DATABASE_URL): newest first, filters, pages.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set: these tests need a migrated PostgreSQL database (npm test sets it).");
  process.env.GATEHOUSE_SECRET ||= "unit-test-secret-unit-test-secret-0123456789";
});

import { randomBytes } from "node:crypto";
import { db } from "../db.ts";
import { createOrg } from "../orgs/orgs.ts";
import { createAccount } from "../accounts/accounts.ts";
import { recordAudit } from "./audit.ts";
import { listAuditEvents } from "./query.ts";

let orgId: string;
let appId: string;
let ann: { id: string; email: string };
let bob: { id: string; email: string };

beforeAll(async () => {
  const { org, panelApp } = await createOrg(db(), { code: `t-aud-${randomBytes(5).toString("hex")}`, name: "Audit" });
  orgId = org._id;
  appId = panelApp._id;
  ann = await createAccount(db(), { orgId, email: `ann-${randomBytes(3).toString("hex")}@example.test`, password: "correct horse battery" });
  bob = await createAccount(db(), { orgId, email: `bob-${randomBytes(3).toString("hex")}@example.test`, password: "correct horse battery" });
  const ctx = { orgId, appId, ip: "10.0.0.1", userAgent: "vitest" };
  // Ann: 5 sign-ins on 2031-01-01..05; Bob: a failed sign-in on 2031-01-03.
  for (let day = 1; day <= 5; day++) {
    await recordAudit(db(), ctx, { type: "login.succeeded", accountId: ann.id }, new Date(`2031-01-0${day}T12:00:00Z`));
  }
  await recordAudit(db(), ctx, { type: "login.failed", accountId: bob.id, detail: { fault: "kInvalidCredentials" } }, new Date("2031-01-03T13:00:00Z"));
});

afterAll(async () => {
  await db().$disconnect();
});

describe("listAuditEvents", () => {
  it("lists newest first with account emails and app names", async () => {
    const page = await listAuditEvents(orgId);
    expect(page.total).toBe(6);
    expect(page.items.map((e) => e.at.toISOString().slice(0, 10))).toEqual(["2031-01-05", "2031-01-04", "2031-01-03", "2031-01-03", "2031-01-02", "2031-01-01"]);
    expect(page.items[2]).toMatchObject({ type: "login.failed", accountEmail: bob.email, appName: "Control Panel", ip: "10.0.0.1", detail: { fault: "kInvalidCredentials" } });
  });

  it("filters by account (email or id), type and inclusive days", async () => {
    expect((await listAuditEvents(orgId, { account: bob.email.toUpperCase() })).total).toBe(1);
    expect((await listAuditEvents(orgId, { account: ann.id })).total).toBe(5);
    expect((await listAuditEvents(orgId, { type: "login.failed" })).items.map((e) => e.accountId)).toEqual([bob.id]);
    expect((await listAuditEvents(orgId, { from: "2031-01-02", to: "2031-01-03" })).total).toBe(3);
    const unknown = await listAuditEvents(orgId, { account: "nobody@example.test" });
    expect(unknown).toMatchObject({ total: 0, applied: { accountNotFound: true } });
    // Malformed filters are dropped, not errors.
    expect((await listAuditEvents(orgId, { type: "DROP TABLE", from: "yesterday" })).total).toBe(6);
  });

  it("pages", async () => {
    const p1 = await listAuditEvents(orgId, {}, { page: 1, pageSize: 4 });
    const p2 = await listAuditEvents(orgId, {}, { page: 2, pageSize: 4 });
    expect(p1).toMatchObject({ pageCount: 2, page: 1 });
    expect(p1.items).toHaveLength(4);
    expect(p2.items).toHaveLength(2);
    expect(new Set([...p1.items, ...p2.items].map((e) => e.id)).size).toBe(6);
  });
});
