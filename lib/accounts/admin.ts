// Account administration for the control panel: search the org's accounts, read one account with
// its locations, create an account. Rows returned here never carry the password hash.
import type { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db.ts";
import { faults } from "../faults.ts";
import { recordAudit, type AdminActor } from "../audit/audit.ts";
import { isLocked } from "../auth/lockout.ts";
import { createAccount, type CreateAccountInput } from "./accounts.ts";

export const ACCOUNTS_PAGE_SIZE = 25;

export interface AccountRow {
  id: string;
  email: string;
  name: { first: string; last: string };
  mobile: string | null;
  roles: string[];
  state: "unverified" | "verified";
  locked: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

type AccountSelect = {
  id: string; email: string; nameFirst: string; nameLast: string; mobile: string | null; roles: string[];
  state: "unverified" | "verified"; lockedUntil: Date | null; lastLoginAt: Date | null; createdAt: Date;
};

const accountSelect = {
  id: true, email: true, nameFirst: true, nameLast: true, mobile: true, roles: true, state: true,
  lockedUntil: true, lastLoginAt: true, createdAt: true,
} as const;

function toRow(a: AccountSelect, now: Date): AccountRow {
  return {
    id: a.id, email: a.email, name: { first: a.nameFirst, last: a.nameLast }, mobile: a.mobile, roles: [...a.roles],
    state: a.state, locked: isLocked(a, now), lockedUntil: isLocked(a, now) ? a.lockedUntil : null,
    lastLoginAt: a.lastLoginAt, createdAt: a.createdAt,
  };
}

export function clampPage(page: number | undefined): number {
  return Number.isSafeInteger(page) && (page as number) > 0 ? (page as number) : 1;
}

/** Accounts whose email or name contains `query` (case-insensitive), newest first. */
export async function searchAccounts(
  orgId: string,
  opts: { query?: string; page?: number; pageSize?: number } = {},
  now = new Date(),
): Promise<Page<AccountRow>> {
  const pageSize = opts.pageSize ?? ACCOUNTS_PAGE_SIZE;
  const page = clampPage(opts.page);
  const q = opts.query?.trim().slice(0, 200) ?? "";
  const where: Prisma.AccountWhereInput = { orgId };
  if (q) {
    const terms = q.split(/\s+/).filter(Boolean).slice(0, 5);
    where.AND = terms.map((term) => ({
      OR: [
        { email: { contains: term, mode: "insensitive" as const } },
        { nameFirst: { contains: term, mode: "insensitive" as const } },
        { nameLast: { contains: term, mode: "insensitive" as const } },
      ],
    }));
  }
  const [total, rows] = await Promise.all([
    db().account.count({ where }),
    db().account.findMany({
      where, select: accountSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize, take: pageSize,
    }),
  ]);
  return { items: rows.map((r) => toRow(r, now)), total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

export interface LocationRow {
  id: string;
  name: string | null;
  appId: string;
  appName: string | null;
  state: "unverified" | "verified" | "revoked";
  verifiedBy: "code" | "registration" | "bypass" | null;
  verifiedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  lastLoginAt: Date | null;
  lastLoginIp: string | null;
  userAgent: string | null;
}

export interface AccountDetail {
  account: AccountRow;
  failedLogins: number;
  liveSessions: number;
  locations: LocationRow[];
}

/** One account of the org with its locations (newest first) and live session count, or null. */
export async function getAccountDetail(orgId: string, accountId: string, now = new Date()): Promise<AccountDetail | null> {
  if (!/^[0-9a-f]{24}$/.test(accountId)) return null;
  const account = await db().account.findFirst({ where: { id: accountId, orgId }, select: { ...accountSelect, failedLogins: true } });
  if (!account) return null;
  const [locations, liveSessions, apps] = await Promise.all([
    db().location.findMany({ where: { accountId, orgId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
    db().session.count({ where: { accountId, endedAt: null, expiresAt: { gt: now } } }),
    db().app.findMany({ where: { orgId }, select: { id: true, name: true } }),
  ]);
  const appNames = new Map(apps.map((a) => [a.id, a.name]));
  return {
    account: toRow(account, now),
    failedLogins: account.failedLogins,
    liveSessions,
    locations: locations.map((l) => ({
      id: l.id, name: l.name, appId: l.appId, appName: appNames.get(l.appId) ?? null, state: l.state, verifiedBy: l.verifiedBy,
      verifiedAt: l.verifiedAt, revokedAt: l.revokedAt, createdAt: l.createdAt, lastLoginAt: l.lastLoginAt,
      lastLoginIp: l.lastLoginIp, userAgent: l.userAgent,
    })),
  };
}

/** Create an account in the admin's org (audited). A taken email is a validation fault on "email". */
export async function createOrgAccount(actor: AdminActor, input: Omit<CreateAccountInput, "orgId">, now = new Date()): Promise<AccountRow> {
  const account = await createAccount(db(), { ...input, orgId: actor.orgId });
  await recordAudit(db(), actor, { type: "account.created", accountId: account.id, detail: { by: actor.accountId } }, now);
  return toRow(account, now);
}

/** The account id for an admin action, or kNotFound when it is not in the admin's org. */
export async function requireAccountInOrg(orgId: string, accountId: string): Promise<{ id: string; email: string }> {
  const account = /^[0-9a-f]{24}$/.test(accountId)
    ? await db().account.findFirst({ where: { id: accountId, orgId }, select: { id: true, email: true } })
    : null;
  if (!account) throw faults.notFound({ reason: "No such account in this organization." });
  return account;
}
