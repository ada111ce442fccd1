// App administration for the control panel: list, create, regenerate, enable/disable, delete.
// Every operation is scoped to the admin's org (an app id from another org is "not found") and
// audited; the org's built-in control-panel app can be neither disabled nor deleted, because the
// panel signs in through it.
import type { App } from "../generated/prisma/client.ts";
import { db } from "../db.ts";
import { faults } from "../faults.ts";
import { recordAudit, type AdminActor } from "../audit/audit.ts";
import { createApp, regenerateAppSecret, toAppView, type AppView, type CreateAppInput } from "./apps.ts";

/** The org's apps, the built-in panel app first, then oldest first. */
export async function listApps(orgId: string): Promise<AppView[]> {
  const apps = await db().app.findMany({ where: { orgId }, orderBy: [{ builtIn: "desc" }, { createdAt: "asc" }] });
  return apps.map(toAppView);
}

async function requireAppInOrg(orgId: string, appId: string): Promise<App> {
  const app = /^[0-9a-f]{24}$/.test(appId) ? await db().app.findFirst({ where: { id: appId, orgId } }) : null;
  if (!app) throw faults.appNotFound();
  return app;
}

/** Create an app; the plain secret in the result is its one-time reveal. */
export async function createOrgApp(
  actor: AdminActor,
  input: Omit<CreateAppInput, "orgId">,
  now = new Date(),
): Promise<{ app: AppView; secret: string }> {
  return db().$transaction(async (tx) => {
    const created = await createApp(tx, { ...input, orgId: actor.orgId });
    await recordAudit(tx, actor, {
      type: "app.created", detail: { by: actor.accountId, app: created.app._id, name: created.app.name, appType: created.app.type },
    }, now);
    return created;
  });
}

/** A new secret; the old one stops verifying at once. The result is the new secret's one reveal. */
export async function regenerateOrgAppSecret(actor: AdminActor, appId: string, now = new Date()): Promise<{ app: AppView; secret: string }> {
  const app = await requireAppInOrg(actor.orgId, appId);
  const { secret } = await regenerateAppSecret(db(), app.id);
  await recordAudit(db(), actor, { type: "app.secretRegenerated", detail: { by: actor.accountId, app: app.id, name: app.name } }, now);
  return { app: toAppView(app), secret };
}

export async function setAppEnabled(actor: AdminActor, appId: string, enabled: boolean, now = new Date()): Promise<AppView> {
  const app = await requireAppInOrg(actor.orgId, appId);
  if (app.builtIn && !enabled) throw faults.builtInApp({ reason: "The control panel signs in through this app; it cannot be disabled." });
  if (app.enabled === enabled) return toAppView(app);
  const updated = await db().$transaction(async (tx) => {
    const row = await tx.app.update({ where: { id: app.id }, data: { enabled } });
    await recordAudit(tx, actor, { type: enabled ? "app.enabled" : "app.disabled", detail: { by: actor.accountId, app: app.id, name: app.name } }, now);
    return row;
  });
  return toAppView(updated);
}

/** Delete an app and end its live sessions (its key stops working at once). */
export async function deleteOrgApp(actor: AdminActor, appId: string, now = new Date()): Promise<void> {
  const app = await requireAppInOrg(actor.orgId, appId);
  if (app.builtIn) throw faults.builtInApp({ reason: "The control panel signs in through this app; it cannot be deleted." });
  await db().$transaction(async (tx) => {
    await tx.app.delete({ where: { id: app.id } });
    await tx.session.updateMany({ where: { appId: app.id, endedAt: null }, data: { endedAt: now, endReason: "admin" } });
    await tx.signatureNonce.deleteMany({ where: { appId: app.id } });
    await recordAudit(tx, actor, { type: "app.deleted", detail: { by: actor.accountId, app: app.id, name: app.name } }, now);
  });
}
