// Reading the audit trail for the control panel: newest first, filtered by account, event type and
// date range (UTC days), in numbered pages.
import type { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db.ts";
import { AUDIT_EVENT_TYPES, type AuditEventType } from "./audit.ts";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilter {
  /** An account id, or an email (resolved within the org). */
  account?: string;
  type?: string;
  /** Inclusive UTC days, "YYYY-MM-DD". */
  from?: string;
  to?: string;
}

export interface AuditRow {
  id: string;
  at: Date;
  type: string;
  accountId: string | null;
  accountEmail: string | null;
  locationId: string | null;
  appId: string | null;
  appName: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown> | null;
}

export interface AuditPage {
  items: AuditRow[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** The filter as applied (unknown types and malformed dates are dropped). */
  applied: { accountId: string | null; accountNotFound: boolean; type: AuditEventType | null; from: string | null; to: string | null };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string | undefined, endOfDay: boolean): Date | null {
  if (!value || !DAY.test(value)) return null;
  const start = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(start.getTime())) return null;
  return endOfDay ? new Date(start.getTime() + 24 * 60 * 60 * 1000) : start;
}

export function isAuditEventType(value: string | undefined): value is AuditEventType {
  return !!value && (AUDIT_EVENT_TYPES as readonly string[]).includes(value);
}

export async function listAuditEvents(
  orgId: string,
  filter: AuditFilter = {},
  opts: { page?: number; pageSize?: number } = {},
): Promise<AuditPage> {
  const pageSize = opts.pageSize ?? AUDIT_PAGE_SIZE;
  const page = Number.isSafeInteger(opts.page) && (opts.page as number) > 0 ? (opts.page as number) : 1;
  const where: Prisma.AuditEventWhereInput = { orgId };

  let accountId: string | null = null;
  let accountNotFound = false;
  const accountQuery = filter.account?.trim();
  if (accountQuery) {
    const found = await db().account.findFirst({
      where: /^[0-9a-f]{24}$/.test(accountQuery) ? { orgId, id: accountQuery } : { orgId, email: accountQuery.toLowerCase() },
      select: { id: true },
    });
    accountId = found?.id ?? null;
    accountNotFound = !found;
    // An unknown account matches nothing (rather than silently showing everything).
    where.accountId = found?.id ?? "000000000000000000000000";
  }
  const type = isAuditEventType(filter.type) ? filter.type : null;
  if (type) where.type = type;
  const from = parseDay(filter.from, false);
  const to = parseDay(filter.to, true);
  if (from || to) where.at = { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) };

  const [total, events] = await Promise.all([
    db().auditEvent.count({ where }),
    db().auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize }),
  ]);

  const accountIds = [...new Set(events.map((e) => e.accountId).filter((id): id is string => !!id))];
  const appIds = [...new Set(events.map((e) => e.appId).filter((id): id is string => !!id))];
  const [accounts, apps] = await Promise.all([
    accountIds.length ? db().account.findMany({ where: { id: { in: accountIds } }, select: { id: true, email: true } }) : [],
    appIds.length ? db().app.findMany({ where: { id: { in: appIds } }, select: { id: true, name: true } }) : [],
  ]);
  const emails = new Map(accounts.map((a) => [a.id, a.email]));
  const appNames = new Map(apps.map((a) => [a.id, a.name]));

  return {
    items: events.map((e) => ({
      id: e.id.toString(), at: e.at, type: e.type, accountId: e.accountId, accountEmail: e.accountId ? emails.get(e.accountId) ?? null : null,
      locationId: e.locationId, appId: e.appId, appName: e.appId ? appNames.get(e.appId) ?? null : null, ip: e.ip, userAgent: e.userAgent,
      detail: e.detail && typeof e.detail === "object" && !Array.isArray(e.detail) ? (e.detail as Record<string, unknown>) : null,
    })),
    total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)),
    applied: {
      accountId, accountNotFound, type,
      from: from ? filter.from! : null, to: to ? filter.to! : null,
    },
  };
}
