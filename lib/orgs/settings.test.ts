// Saving org settings against a real PostgreSQL (DATABASE_URL): validation with field paths,
// normalised and de-duplicated bypass entries, only changed fields audited.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import "../testing/database-test-env.ts";

import { randomBytes } from "node:crypto";
import { db } from "../db.ts";
import { Fault, isFault } from "../faults.ts";
import { catchFault } from "../testing/catch-fault.ts";
import type { AdminActor } from "../audit/audit.ts";
import { createOrg } from "./orgs.ts";
import { getOrgSettings, saveOrgSettings } from "./settings.ts";
import { BypassEntryInput, OrgSettingsFields } from "./settings-input.ts";

let actor: AdminActor;


beforeAll(async () => {
  const { org, panelApp } = await createOrg(db(), { code: `t-set-${randomBytes(5).toString("hex")}`, name: "Settings" });
  actor = { orgId: org._id, appId: panelApp._id, accountId: "a".repeat(24), ip: null, userAgent: null };
});

afterAll(async () => {
  await db().$disconnect();
});

describe("saveOrgSettings", () => {
  it("saves the fields sent, lower-cases and de-duplicates the bypass list, and audits what changed", async () => {
    const saved = await saveOrgSettings(actor, { bypassEmails: [" Dev@Example.com", "dev@example.com", "qa@example.com"], lockAttempts: 5 });
    expect(saved.bypassEmails).toEqual(["dev@example.com", "qa@example.com"]);
    expect(saved).toMatchObject({ lockAttempts: 5, lockDuration: 15, name: "Settings" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { orgId: actor.orgId, type: "org.updated" }, orderBy: { id: "desc" } });
    expect(audit.detail).toMatchObject({ by: actor.accountId, fields: "lockAttempts,bypassEmails", bypassAdded: 2, bypassRemoved: 0, bypassEveryone: false });
    expect(JSON.stringify(audit.detail)).not.toContain("dev@example.com");
  });

  it("records nothing when nothing changed", async () => {
    const before = await db().auditEvent.count({ where: { orgId: actor.orgId } });
    const current = await getOrgSettings(actor.orgId);
    await saveOrgSettings(actor, { name: current.name, bypassEmails: current.bypassEmails });
    expect(await db().auditEvent.count({ where: { orgId: actor.orgId } })).toBe(before);
  });

  it("rejects bad values with one field fault each and changes nothing", async () => {
    const before = await getOrgSettings(actor.orgId);
    const fault = await catchFault(saveOrgSettings(actor, { name: "", lockAttempts: -1, lockDuration: 1.5, bypassEmails: ["ok@example.com", "not an email"], smsDailyBudget: Number.NaN }));
    expect(fault.code).toBe("kValidationError");
    expect(Object.fromEntries(fault.faults!.map((f) => [f.path, f.message]))).toEqual({
      name: "Org name is required.",
      lockAttempts: "Must be 0 (never lock) or more.",
      lockDuration: "Enter a whole number.",
      "bypassEmails.1": "Each bypass entry must be an email address or \"*\".",
      smsDailyBudget: "Enter a whole number.",
    });
    expect(await getOrgSettings(actor.orgId)).toEqual(before);
  });

  it("accepts '*' for everyone", async () => {
    expect((await saveOrgSettings(actor, { bypassEmails: ["*"] })).bypassEmails).toEqual(["*"]);
    expect(BypassEntryInput.safeParse(" * ").success).toBe(true);
    expect(OrgSettingsFields.shape.bypassEmails.safeParse(["a@b.co", "A@B.co"]).data).toEqual(["a@b.co"]);
  });
});
