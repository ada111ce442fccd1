// Logout: end the caller's session at once (every instance re-reads the row) and audit it.
import { db } from "../db.ts";
import { recordAudit, type AuditContext } from "../audit/audit.ts";
import { endSessionByToken } from "./sessions.ts";

export async function logout(ctx: AuditContext & { appId: string }, token: string | null, now: Date): Promise<boolean> {
  const result = await endSessionByToken(token, ctx.appId, "logout", now);
  if (result.ended) {
    await recordAudit(db(), ctx, { type: "logout", accountId: result.accountId, locationId: result.locationId }, now);
  }
  return result.ended;
}
