// Admin actions on an account's access: revoke one or every location, unlock after a password
// lockout, end every session. Each ends the affected server-side sessions in the same transaction,
// so the change takes effect on the account's very next request, on every server instance.
import { db } from "../db.ts";
import { faults } from "../faults.ts";
import { recordAudit, type AdminActor } from "../audit/audit.ts";
import { endSessions } from "../auth/sessions.ts";
import { unlockAccount } from "../auth/lockout.ts";
import { requireAccountInOrg } from "./admin.ts";

export interface RevokeResult {
  revoked: number;
  sessionsEnded: number;
}

/** Revoke one location: later sign-ins from it answer kLocationAccessRevoked; its sessions end now. */
export async function revokeLocation(actor: AdminActor, accountId: string, locationId: string, now = new Date()): Promise<RevokeResult> {
  const account = await requireAccountInOrg(actor.orgId, accountId);
  return db().$transaction(async (tx) => {
    const location = /^[0-9a-f]{24}$/.test(locationId)
      ? await tx.location.findFirst({ where: { id: locationId, accountId: account.id, orgId: actor.orgId } })
      : null;
    if (!location) throw faults.notFound({ reason: "No such location for this account." });
    if (location.state === "revoked") return { revoked: 0, sessionsEnded: 0 };
    await tx.location.update({ where: { id: location.id }, data: { state: "revoked", revokedAt: now } });
    await tx.verificationCode.deleteMany({ where: { locationId: location.id } });
    const sessionsEnded = await endSessions(tx, { accountId: account.id, locationId: location.id }, "locationRevoked", now);
    await recordAudit(tx, actor, {
      type: "location.revoked", accountId: account.id, locationId: location.id, detail: { by: actor.accountId, sessionsEnded },
    }, now);
    return { revoked: 1, sessionsEnded };
  });
}

/** Revoke every location of the account that is not revoked yet, ending their sessions. */
export async function revokeAllLocations(actor: AdminActor, accountId: string, now = new Date()): Promise<RevokeResult> {
  const account = await requireAccountInOrg(actor.orgId, accountId);
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${account.id} FOR UPDATE`;
    const locations = await tx.location.findMany({
      where: { accountId: account.id, orgId: actor.orgId, state: { not: "revoked" } }, select: { id: true },
    });
    if (locations.length === 0) return { revoked: 0, sessionsEnded: 0 };
    const ids = locations.map((l) => l.id);
    await tx.location.updateMany({ where: { id: { in: ids } }, data: { state: "revoked", revokedAt: now } });
    await tx.verificationCode.deleteMany({ where: { locationId: { in: ids } } });
    let sessionsEnded = 0;
    for (const id of ids) sessionsEnded += await endSessions(tx, { accountId: account.id, locationId: id }, "locationRevoked", now);
    await recordAudit(tx, actor, ids.map((id) => ({
      type: "location.revoked" as const, accountId: account.id, locationId: id, detail: { by: actor.accountId, all: true },
    })), now);
    return { revoked: ids.length, sessionsEnded };
  });
}

/** Lift a password lockout (and reset the wrong-password count). Returns whether it was locked. */
export async function unlockAccountByAdmin(actor: AdminActor, accountId: string, now = new Date()): Promise<boolean> {
  const account = await requireAccountInOrg(actor.orgId, accountId);
  const before = await db().account.findUniqueOrThrow({ where: { id: account.id }, select: { lockedUntil: true } });
  const wasLocked = before.lockedUntil !== null && before.lockedUntil > now;
  await unlockAccount(db(), account.id);
  await recordAudit(db(), actor, { type: "account.unlocked", accountId: account.id, detail: { by: actor.accountId, wasLocked } }, now);
  return wasLocked;
}

/** End every live session of the account, through every app. Returns how many ended. */
export async function endAllSessions(actor: AdminActor, accountId: string, now = new Date()): Promise<number> {
  const account = await requireAccountInOrg(actor.orgId, accountId);
  const ended = await endSessions(db(), { accountId: account.id }, "admin", now);
  await recordAudit(db(), actor, { type: "session.ended", accountId: account.id, detail: { by: actor.accountId, count: ended } }, now);
  return ended;
}
