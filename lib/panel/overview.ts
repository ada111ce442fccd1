// Numbers for the panel's overview page.
import { db } from "../db.ts";

export interface OrgOverview {
  accounts: number;
  lockedAccounts: number;
  apps: number;
  disabledApps: number;
  verifiedLocations: number;
  signInsLastDay: number;
  failedSignInsLastDay: number;
  codesSentLastDay: number;
}

export async function getOrgOverview(orgId: string, now = new Date()): Promise<OrgOverview> {
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const [accounts, lockedAccounts, apps, disabledApps, verifiedLocations, signIns, failed, codes] = await Promise.all([
    db().account.count({ where: { orgId } }),
    db().account.count({ where: { orgId, lockedUntil: { gt: now } } }),
    db().app.count({ where: { orgId } }),
    db().app.count({ where: { orgId, enabled: false } }),
    db().location.count({ where: { orgId, state: "verified" } }),
    db().auditEvent.count({ where: { orgId, type: "login.succeeded", at: { gte: dayAgo } } }),
    db().auditEvent.count({ where: { orgId, type: "login.failed", at: { gte: dayAgo } } }),
    db().auditEvent.count({ where: { orgId, type: "code.sent", at: { gte: dayAgo } } }),
  ]);
  return {
    accounts, lockedAccounts, apps, disabledApps, verifiedLocations,
    signInsLastDay: signIns, failedSignInsLastDay: failed, codesSentLastDay: codes,
  };
}
