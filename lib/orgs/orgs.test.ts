// createOrg / lookups / settings against a real PostgreSQL (DATABASE_URL).
import { afterAll, describe, expect, it, vi } from "vitest";

import "../testing/database-test-env.ts";

import { randomBytes } from "node:crypto";
import { db } from "../db.ts";
import { Fault, isFault } from "../faults.ts";
import { catchFault } from "../testing/catch-fault.ts";
import { createOrg, getOrgByCode, requireOrgByCode, updateOrgSettings } from "./orgs.ts";
import { APP_KEY_PATTERN } from "../apps/keys.ts";

const uniqueCode = () => `t-org-${randomBytes(5).toString("hex")}`;


afterAll(async () => {
  await db().$disconnect();
});

describe("createOrg", () => {
  it("creates the org and its built-in control-panel session app together", async () => {
    const code = uniqueCode();
    const { org, panelApp } = await createOrg(db(), { code: ` ${code} `, name: "  Acme Health " });
    expect(org).toMatchObject({ object: "org", code, name: "Acme Health" });
    expect(org._id).toMatch(/^[0-9a-f]{24}$/);
    expect(panelApp).toMatchObject({
      object: "app", name: "Control Panel", builtIn: true, type: "session", csrf: false, authDuration: 900, enabled: true,
    });
    expect(panelApp.key).toMatch(APP_KEY_PATTERN);

    const apps = await db().app.findMany({ where: { orgId: org._id } });
    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({ id: panelApp._id, builtIn: true, type: "session" });
  });

  it("answers a duplicate code with a validation fault on `code`, not a database error", async () => {
    const code = uniqueCode();
    await createOrg(db(), { code, name: "First" });
    const fault = await catchFault(createOrg(db(), { code, name: "Second" }));
    expect(fault.code).toBe("kValidationError");
    expect(fault.errCode).toBe("cortex.invalidArgument.validation");
    expect(fault.status).toBe(400);
    expect(fault.faults?.map((f) => f.path)).toEqual(["code"]);
    expect(fault.faults?.[0].message).toMatch(/already exists/);
    // The failed attempt left nothing behind (the panel app was rolled back with the org).
    expect(await db().org.count({ where: { code } })).toBe(1);
    const org = await db().org.findUniqueOrThrow({ where: { code } });
    expect(await db().app.count({ where: { orgId: org.id } })).toBe(1);
  });

  it("creates exactly one org when the same code is created concurrently", async () => {
    const code = uniqueCode();
    const results = await Promise.allSettled([1, 2, 3].map((n) => createOrg(db(), { code, name: `Racer ${n}` })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect(isFault(r.reason) && r.reason.faults?.[0].path).toBe("code");
    }
  });

  it("rejects invalid and reserved codes and empty names, one child fault per field", async () => {
    const fault = await catchFault(createOrg(db(), { code: "API", name: " " }));
    expect(fault.code).toBe("kValidationError");
    expect(fault.faults?.map((f) => f.path).sort()).toEqual(["code", "name"]);
    const reserved = await catchFault(createOrg(db(), { code: "settings", name: "x" }));
    expect(reserved.faults?.[0]).toMatchObject({ path: "code" });
    expect(reserved.faults?.[0].message).toMatch(/reserved/);
  });
});

describe("getOrgByCode / requireOrgByCode", () => {
  it("finds an org by code, null / kNotFound otherwise", async () => {
    const code = uniqueCode();
    const { org } = await createOrg(db(), { code, name: "Lookup" });
    expect((await getOrgByCode(db(), code))?.id).toBe(org._id);
    expect(await getOrgByCode(db(), `${code}-missing`)).toBeNull();
    expect(await getOrgByCode(db(), "favicon.ico")).toBeNull();
    expect((await requireOrgByCode(db(), code)).name).toBe("Lookup");
    const fault = await catchFault(requireOrgByCode(db(), `${code}-missing`));
    expect(fault).toMatchObject({ code: "kNotFound", errCode: "cortex.notFound.org", status: 404 });
  });
});

describe("updateOrgSettings", () => {
  it("changes only the given settings and normalises the bypass list", async () => {
    const { org } = await createOrg(db(), { code: uniqueCode(), name: "Settings" });
    const view = await updateOrgSettings(db(), org._id, { bypassEmails: [" Ann@Example.com", "*", "ann@example.com"], lockAttempts: 3 });
    expect(view).toMatchObject({
      bypassEmails: ["ann@example.com", "*"], lockAttempts: 3, lockDuration: 15, registrationEnabled: false,
      simultaneousLogins: true, smsDailyBudget: 1000, name: "Settings",
    });
    const fault = await catchFault(updateOrgSettings(db(), org._id, { bypassEmails: ["not-an-email"], lockDuration: -1 }));
    expect(fault.faults?.map((f) => f.path).sort()).toEqual(["bypassEmails.0", "lockDuration"]);
    const missing = await catchFault(updateOrgSettings(db(), "ffffffffffffffffffffffff", { lockAttempts: 1 }));
    expect(missing.errCode).toBe("cortex.notFound.org");
  });
});
