// Who a verified signed request acts as (SPEC §4): the Medable-Client-Account override when the app
// allows it (an account id or an email of the app's org), else the app's fixed principal, else
// nobody (anonymous).
//
// Planning is pure; the lookup is a condition on `accounts a` that lib/auth/signed-request.ts reads
// in the same round trip as the nonce claim (the signed path is CPU-bound on query overhead).
import { Prisma, type Account, type App } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { db } from "../db.ts";
import { faults } from "../faults.ts";

export type PrincipalSource = "override" | "fixed" | "anonymous";

/** The account fields a principal carries: enough for the account view, never the password hash. */
export type PrincipalAccount = Pick<Account, "id" | "orgId" | "email" | "nameFirst" | "nameLast" | "mobile" | "roles" | "state" | "createdAt">;

export interface Principal {
  account: PrincipalAccount | null;
  via: PrincipalSource;
}

export type PrincipalPlan =
  | { kind: "anonymous" }
  | { kind: "denied" }
  | { kind: "lookup"; via: "override" | "fixed"; condition: Prisma.Sql };

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** What to look up for this app and requested principal (no query yet). */
export function planPrincipal(app: Pick<App, "orgId" | "principalOverride" | "fixedPrincipalId">, requested: string | null): PrincipalPlan {
  const inOrg = (idOrEmail: string) =>
    OBJECT_ID.test(idOrEmail)
      ? Prisma.sql`a.org_id = ${app.orgId} AND a.id = ${idOrEmail.toLowerCase()}`
      : Prisma.sql`a.org_id = ${app.orgId} AND a.email = ${idOrEmail.toLowerCase()}`;
  if (requested !== null) {
    return app.principalOverride ? { kind: "lookup", via: "override", condition: inOrg(requested) } : { kind: "denied" };
  }
  if (app.fixedPrincipalId) return { kind: "lookup", via: "fixed", condition: inOrg(app.fixedPrincipalId) };
  return { kind: "anonymous" };
}

/** Columns of `accounts a` for a PrincipalAccount (nullable: the lookup is a LEFT JOIN). */
export const PRINCIPAL_COLUMNS = Prisma.sql`a.id, a.org_id, a.email, a.name_first, a.name_last, a.mobile, a.roles, a.state, a.created_at`;

export interface PrincipalRow {
  id: string | null;
  org_id: string;
  email: string;
  name_first: string;
  name_last: string;
  mobile: string | null;
  roles: string[] | null;
  state: Account["state"];
  created_at: Date | string;
}

export function principalAccountFromRow(row: PrincipalRow | undefined): PrincipalAccount | null {
  if (!row?.id) return null;
  return {
    id: row.id, orgId: row.org_id, email: row.email, nameFirst: row.name_first, nameLast: row.name_last,
    mobile: row.mobile, roles: row.roles ?? [], state: row.state,
    // timestamp(3) holds UTC without a zone (Prisma's convention)
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(`${row.created_at.replace(" ", "T")}Z`),
  };
}

/** The principal once the lookup ran: kAccessDenied (principal) or kNotFound (account) when it cannot be. */
export function settlePrincipal(plan: PrincipalPlan, account: PrincipalAccount | null): Principal {
  if (plan.kind === "anonymous") return { account: null, via: "anonymous" };
  if (plan.kind === "denied") {
    throw faults.principalDenied({ reason: "This app does not allow the principal to be chosen per request." });
  }
  // A deleted fixed principal is refused rather than silently downgraded to anonymous, so the
  // misconfiguration is visible.
  if (!account) {
    throw faults.principalNotFound({
      reason: plan.via === "fixed" ? "The app's fixed principal no longer exists." : "No account of this org has that id or email.",
    });
  }
  return { account, via: plan.via };
}

/** Plan, look up and settle in one go (one query at most), for callers without a nonce to claim. */
export async function resolvePrincipal(
  app: Pick<App, "orgId" | "principalOverride" | "fixedPrincipalId">,
  requested: string | null,
  client: Db = db(),
): Promise<Principal> {
  const plan = planPrincipal(app, requested);
  if (plan.kind !== "lookup") return settlePrincipal(plan, null);
  const rows = await client.$queryRaw<PrincipalRow[]>`SELECT ${PRINCIPAL_COLUMNS} FROM accounts a WHERE ${plan.condition}`;
  return settlePrincipal(plan, principalAccountFromRow(rows[0]));
}
