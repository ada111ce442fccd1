// App administration against a real PostgreSQL (DATABASE_URL): org scoping, the built-in guard,
// secret regeneration killing the old secret, deletion ending sessions, audit records.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import "../testing/database-test-env.ts";

import { randomBytes } from "node:crypto";
import { db } from "../db.ts";
import { Fault, isFault } from "../faults.ts";
import { catchFault } from "../testing/catch-fault.ts";
import { createOrg } from "../orgs/orgs.ts";
import { createAccount } from "../accounts/accounts.ts";
import type { AdminActor } from "../audit/audit.ts";
import { getAppSecret } from "./apps.ts";
import { createOrgApp, deleteOrgApp, listApps, regenerateOrgAppSecret, setAppEnabled } from "./manage.ts";

let actor: AdminActor;
let panelAppId: string;
let otherOrgActor: AdminActor;


async function newActor(): Promise<{ actor: AdminActor; panelAppId: string }> {
  const { org, panelApp } = await createOrg(db(), { code: `t-mng-${randomBytes(5).toString("hex")}`, name: "Manage" });
  const admin = await createAccount(db(), { orgId: org._id, email: `admin-${randomBytes(4).toString("hex")}@example.test`, password: "correct horse battery", roles: ["admin"] });
  return { actor: { orgId: org._id, appId: panelApp._id, accountId: admin.id, ip: "127.0.0.1", userAgent: "vitest" }, panelAppId: panelApp._id };
}

beforeAll(async () => {
  ({ actor, panelAppId } = await newActor());
  ({ actor: otherOrgActor } = await newActor());
});

afterAll(async () => {
  await db().$disconnect();
});

describe("app administration", () => {
  it("creates an app, reveals its secret once, lists it after the built-in app, and audits", async () => {
    const { app, secret } = await createOrgApp(actor, { name: "Mobile", type: "session", csrf: true, authDuration: 600 });
    expect(secret).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(app).toMatchObject({ name: "Mobile", type: "session", csrf: true, authDuration: 600, builtIn: false, enabled: true });
    expect(JSON.stringify(app)).not.toContain(secret);
    const apps = await listApps(actor.orgId);
    expect(apps[0]).toMatchObject({ _id: panelAppId, builtIn: true });
    expect(apps.map((a) => a._id)).toContain(app._id);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { orgId: actor.orgId, type: "app.created" } });
    expect(audit.detail).toMatchObject({ by: actor.accountId, app: app._id });
    expect(JSON.stringify(audit.detail)).not.toContain(secret);
  });

  it("answers bad input with field faults", async () => {
    const fault = await catchFault(createOrgApp(actor, { name: " ", type: "signature", csrf: true, authDuration: 5 }));
    expect(fault.code).toBe("kValidationError");
    expect(fault.faults?.map((f) => f.path).sort()).toEqual(["authDuration", "csrf", "name"]);
  });

  it("regenerating the secret replaces it at once", async () => {
    const { app, secret } = await createOrgApp(actor, { name: "Signer", type: "signature" });
    const regenerated = await regenerateOrgAppSecret(actor, app._id);
    expect(regenerated.secret).not.toBe(secret);
    const row = await db().app.findUniqueOrThrow({ where: { id: app._id } });
    expect(getAppSecret(row)).toBe(regenerated.secret);
  });

  it("disables and enables apps, but never the built-in panel app", async () => {
    const { app } = await createOrgApp(actor, { name: "Toggle", type: "session" });
    expect((await setAppEnabled(actor, app._id, false)).enabled).toBe(false);
    expect((await setAppEnabled(actor, app._id, true)).enabled).toBe(true);
    const fault = await catchFault(setAppEnabled(actor, panelAppId, false));
    expect(fault).toMatchObject({ code: "kAccessDenied", errCode: "cortex.accessDenied.builtInApp", status: 403 });
    expect((await db().app.findUniqueOrThrow({ where: { id: panelAppId } })).enabled).toBe(true);
  });

  it("deletes an app and ends its sessions, but never the built-in panel app", async () => {
    const { app } = await createOrgApp(actor, { name: "Doomed", type: "session" });
    await db().session.create({
      data: { tokenHash: `t-${randomBytes(8).toString("hex")}`, orgId: actor.orgId, appId: app._id, accountId: actor.accountId, fingerprintHash: "x", expiresAt: new Date(Date.now() + 60_000) },
    });
    await deleteOrgApp(actor, app._id);
    expect(await db().app.count({ where: { id: app._id } })).toBe(0);
    expect(await db().session.count({ where: { appId: app._id, endedAt: null } })).toBe(0);
    const fault = await catchFault(deleteOrgApp(actor, panelAppId));
    expect(fault.errCode).toBe("cortex.accessDenied.builtInApp");
    expect(await db().app.count({ where: { id: panelAppId } })).toBe(1);
  });

  it("treats another org's app as not found", async () => {
    const { app } = await createOrgApp(actor, { name: "Mine", type: "session" });
    for (const attempt of [
      () => regenerateOrgAppSecret(otherOrgActor, app._id),
      () => setAppEnabled(otherOrgActor, app._id, false),
      () => deleteOrgApp(otherOrgActor, app._id),
      () => deleteOrgApp(otherOrgActor, "not-an-id"),
    ]) {
      expect((await catchFault(attempt())).errCode).toBe("cortex.notFound.app");
    }
    expect((await db().app.findUniqueOrThrow({ where: { id: app._id } })).enabled).toBe(true);
  });
});
