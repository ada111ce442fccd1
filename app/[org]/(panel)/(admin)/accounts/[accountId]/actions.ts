"use server";
// Admin actions on one account. Each ends the affected server-side sessions at once.
import { revalidatePath } from "next/cache";
import { runAdminAction } from "@/lib/panel/admin-action.ts";
import type { ActionResult } from "@/lib/panel/action-result.ts";
import { endAllSessions, revokeAllLocations, revokeLocation, unlockAccountByAdmin } from "@/lib/accounts/locations-admin.ts";

const refresh = (orgCode: string, accountId: string) => revalidatePath(`/${orgCode}/accounts/${accountId}`);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function revokeLocationAction(orgCode: string, accountId: string, locationId: string): Promise<ActionResult<unknown>> {
  const result = await runAdminAction(orgCode, (ctx) => revokeLocation(ctx.actor, accountId, locationId),
    (r) => r.revoked ? `Device revoked; ${plural(r.sessionsEnded, "session", "sessions")} ended.` : "The device was already revoked.");
  if (result.ok) refresh(orgCode, accountId);
  return result;
}

export async function revokeAllLocationsAction(orgCode: string, accountId: string): Promise<ActionResult<unknown>> {
  const result = await runAdminAction(orgCode, (ctx) => revokeAllLocations(ctx.actor, accountId),
    (r) => `${plural(r.revoked, "device", "devices")} revoked; ${plural(r.sessionsEnded, "session", "sessions")} ended.`);
  if (result.ok) refresh(orgCode, accountId);
  return result;
}

export async function unlockAction(orgCode: string, accountId: string): Promise<ActionResult<unknown>> {
  const result = await runAdminAction(orgCode, (ctx) => unlockAccountByAdmin(ctx.actor, accountId),
    (wasLocked) => wasLocked ? "Account unlocked." : "The account was not locked; its wrong-password count was reset.");
  if (result.ok) refresh(orgCode, accountId);
  return result;
}

export async function endSessionsAction(orgCode: string, accountId: string): Promise<ActionResult<unknown>> {
  const result = await runAdminAction(orgCode, (ctx) => endAllSessions(ctx.actor, accountId),
    (ended) => `${plural(ended, "session", "sessions")} ended.`);
  if (result.ok) refresh(orgCode, accountId);
  return result;
}
