// The audit trail of auth events. Callers pass ids and context only: never a code, password,
// token or secret (the `detail` object is for non-secret facts such as a fault code or a reason).
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db, Tx } from "../db.ts";

export const AUDIT_EVENT_TYPES = [
  "login.succeeded",
  "login.failed",
  "account.registered",
  "account.locked",
  "account.unlocked",
  "location.created",
  "location.verified",
  "location.bypassed",
  "location.revoked",
  "location.rebound",
  "code.sent",
  "code.failed",
  "code.rejected",
  "code.expired",
  "code.throttled",
  "session.ended",
  "logout",
  // Administration through the control panel (detail.by names the acting account).
  "account.created",
  "org.updated",
  "app.created",
  "app.secretRegenerated",
  "app.enabled",
  "app.disabled",
  "app.deleted",
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditContext {
  orgId: string;
  appId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** Who performs an administrative action (a panel admin), and the request facts to audit with it. */
export interface AdminActor extends AuditContext {
  accountId: string;
}

export interface AuditEventInput {
  type: AuditEventType;
  accountId?: string | null;
  locationId?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

function toRow(ctx: AuditContext, event: AuditEventInput, at: Date): Prisma.AuditEventCreateManyInput {
  return {
    orgId: ctx.orgId,
    appId: ctx.appId ?? null,
    ip: ctx.ip ?? null,
    userAgent: ctx.userAgent?.slice(0, 512) ?? null,
    type: event.type,
    accountId: event.accountId ?? null,
    locationId: event.locationId ?? null,
    detail: event.detail ?? undefined,
    at,
  };
}

/** Record one or more events in a single insert (inside the caller's transaction when given one). */
export async function recordAudit(
  client: Db | Tx,
  ctx: AuditContext,
  events: AuditEventInput | AuditEventInput[],
  at: Date = new Date(),
): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  await client.auditEvent.createMany({ data: list.map((e) => toRow(ctx, e, at)) });
}
