// createApp / secrets / view against a real PostgreSQL (DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import "../testing/database-test-env.ts";

import { randomBytes } from "node:crypto";
import { db } from "../db.ts";
import { Fault, isFault } from "../faults.ts";
import { catchFault } from "../testing/catch-fault.ts";
import { createOrg } from "../orgs/orgs.ts";
import { createAccount } from "../accounts/accounts.ts";
import { createApp, getAppByKey, getAppSecret, getPanelApp, regenerateAppSecret, toAppView, AppView } from "./apps.ts";
import { APP_KEY_PATTERN, APP_SECRET_PATTERN, generateAppKey, generateAppSecret } from "./keys.ts";

let orgId: string;


/** Every column of the row as text, to prove the secret appears nowhere in it. */
async function readRawRow(appId: string): Promise<string> {
  const rows = await db().$queryRaw<Array<{ row: string }>>`SELECT row_to_json(a)::text AS row FROM apps a WHERE id = ${appId}`;
  return rows[0].row;
}

beforeAll(async () => {
  const { org } = await createOrg(db(), { code: `t-app-${randomBytes(5).toString("hex")}`, name: "Apps" });
  orgId = org._id;
});

afterAll(async () => {
  await db().$disconnect();
});

describe("keys", () => {
  it("are 22 and 64 alphanumerics, different every time", () => {
    const keys = new Set(Array.from({ length: 200 }, generateAppKey));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(k).toMatch(APP_KEY_PATTERN);
    expect(generateAppSecret()).toMatch(APP_SECRET_PATTERN);
    expect(generateAppSecret()).not.toBe(generateAppSecret());
  });
});

describe("createApp", () => {
  it("returns the view and a one-time secret; stores only the sealed secret", async () => {
    const { app, secret } = await createApp(db(), { orgId, name: "Mobile", type: "session", csrf: true });
    expect(app.key).toMatch(APP_KEY_PATTERN);
    expect(secret).toMatch(APP_SECRET_PATTERN);
    expect(app).toMatchObject({ object: "app", name: "Mobile", type: "session", csrf: true, authDuration: 900, enabled: true, builtIn: false });

    const raw = await readRawRow(app._id);
    expect(raw).not.toContain(secret);
    const row = await db().app.findUniqueOrThrow({ where: { id: app._id } });
    expect(row.secretEncrypted).toMatch(/^v1\./);
    expect(row.secretEncrypted).not.toContain(secret);
    expect(getAppSecret(row)).toBe(secret);
  });

  it("seals the same secret differently each time (random IV)", async () => {
    const a = await createApp(db(), { orgId, name: "A", type: "signature" });
    const rowA = await db().app.findUniqueOrThrow({ where: { id: a.app._id } });
    const b = await regenerateAppSecret(db(), a.app._id);
    const rowB = await db().app.findUniqueOrThrow({ where: { id: a.app._id } });
    expect(rowB.secretEncrypted).not.toBe(rowA.secretEncrypted);
    expect(getAppSecret(rowB)).toBe(b.secret);
  });

  it("never exposes the secret or its ciphertext in the view", async () => {
    const { app, secret } = await createApp(db(), { orgId, name: "View", type: "signature" });
    const row = await db().app.findUniqueOrThrow({ where: { id: app._id } });
    const view = toAppView(row);
    const json = JSON.stringify(view);
    expect(json).not.toContain(secret);
    expect(json).not.toContain(row.secretEncrypted);
    expect(Object.keys(view)).not.toContain("secret");
    expect(Object.keys(view)).not.toContain("secretEncrypted");
    expect(AppView.parse(view)).toEqual(view);
    expect(view).toEqual(app);
  });

  it("stores signature-app options, normalising CIDRs and origins", async () => {
    const account = await createAccount(db(), { orgId, email: `p-${randomBytes(3).toString("hex")}@example.com`, password: "principal-pass" });
    const expiresAt = new Date(Date.now() + 86_400_000);
    const { app } = await createApp(db(), {
      orgId, name: "Integration", type: "signature", principalOverride: true, fixedPrincipalId: account.id,
      authDuration: 3600, expiresAt,
      ipAllowList: ["10.1.2.3/8", "2001:DB8::/32", "::ffff:192.0.2.1", "192.0.2.7"],
      corsOrigins: ["https://App.Example.com/", "http://localhost:3000"],
    });
    expect(app).toMatchObject({
      type: "signature", principalOverride: true, fixedPrincipalId: account.id, authDuration: 3600,
      expiresAt: expiresAt.toISOString(),
      ipAllowList: ["10.0.0.0/8", "2001:db8::/32", "::ffff:192.0.2.1/128", "192.0.2.7/32"],
      corsOrigins: ["https://app.example.com", "http://localhost:3000"],
    });
  });

  it("answers bad input with one child fault per field", async () => {
    const fault = await catchFault(createApp(db(), {
      orgId, name: "", type: "session", authDuration: 59,
      ipAllowList: ["10.0.0.0/8", "10.0.0.0/33", "banana"],
      corsOrigins: ["https://ok.example.com", "https://app.example.com/path", "ftp://files.example.com", "https://*.example.com", "not a url"],
    }));
    expect(fault.code).toBe("kValidationError");
    expect(fault.faults?.map((f) => f.path).sort()).toEqual([
      "authDuration", "corsOrigins.1", "corsOrigins.2", "corsOrigins.3", "corsOrigins.4", "ipAllowList.1", "ipAllowList.2", "name",
    ]);
    const tooLong = await catchFault(createApp(db(), { orgId, name: "x", type: "session", authDuration: 31_536_001 }));
    expect(tooLong.faults?.[0]).toMatchObject({ path: "authDuration" });
    expect((await createApp(db(), { orgId, name: "Max", type: "session", authDuration: 31_536_000 })).app.authDuration).toBe(31_536_000);
    expect((await createApp(db(), { orgId, name: "Min", type: "session", authDuration: 60 })).app.authDuration).toBe(60);
  });

  it("refuses options that do not apply to the app type, past expiry and foreign principals", async () => {
    const mixed = await catchFault(createApp(db(), {
      orgId, name: "Mixed", type: "session", principalOverride: true, fixedPrincipalId: "0123456789abcdef01234567",
      expiresAt: new Date(Date.now() - 1000),
    }));
    expect(mixed.faults?.map((f) => f.path).sort()).toEqual(["expiresAt", "fixedPrincipalId", "principalOverride"]);
    const csrf = await catchFault(createApp(db(), { orgId, name: "Sig", type: "signature", csrf: true }));
    expect(csrf.faults?.[0]).toMatchObject({ path: "csrf" });
    const foreign = await catchFault(createApp(db(), { orgId, name: "Sig", type: "signature", fixedPrincipalId: "0123456789abcdef01234567" }));
    expect(foreign.faults?.[0]).toMatchObject({ path: "fixedPrincipalId" });
    const badType = await catchFault(createApp(db(), { orgId, name: "T", type: "oauth" as "session" }));
    expect(badType.faults?.[0]).toMatchObject({ path: "type" });
  });

  it("answers an unknown org with kNotFound", async () => {
    const fault = await catchFault(createApp(db(), { orgId: "ffffffffffffffffffffffff", name: "Orphan", type: "session" }));
    expect(fault.errCode).toBe("cortex.notFound.org");
  });
});

describe("regenerateAppSecret", () => {
  it("replaces the secret at once and reports unknown apps", async () => {
    const { app, secret } = await createApp(db(), { orgId, name: "Regen", type: "signature" });
    const { secret: next } = await regenerateAppSecret(db(), app._id);
    expect(next).toMatch(APP_SECRET_PATTERN);
    expect(next).not.toBe(secret);
    const row = await db().app.findUniqueOrThrow({ where: { id: app._id } });
    expect(getAppSecret(row)).toBe(next);
    expect(await readRawRow(app._id)).not.toContain(next);
    const fault = await catchFault(regenerateAppSecret(db(), "ffffffffffffffffffffffff"));
    expect(fault.errCode).toBe("cortex.notFound.app");
  });
});

describe("lookups", () => {
  it("finds apps by key and the org's panel app", async () => {
    const { app } = await createApp(db(), { orgId, name: "Lookup", type: "session" });
    expect((await getAppByKey(db(), app.key))?.id).toBe(app._id);
    expect(await getAppByKey(db(), "short")).toBeNull();
    expect(await getAppByKey(db(), generateAppKey())).toBeNull();
    const panel = await getPanelApp(db(), orgId);
    expect(panel).toMatchObject({ builtIn: true, name: "Control Panel" });
  });
});
