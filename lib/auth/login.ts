// Password login (SPEC §2–3), shared by the API and the panel. The order is the checklist:
// identify → precondition (lock) → verify password → consume/reset attempts → location → session.
// Everything but the argon2 verification is a handful of indexed queries, and the writes of a
// successful sign-in are one statement (see docs/benchmarks.md: each Prisma query costs the event
// loop about as much as 5 % of an argon2 verification).
import { z } from "zod";
import { db } from "../db.ts";
import { faults } from "../faults.ts";
import { recordAudit, type AuditContext } from "../audit/audit.ts";
import { toAccountView, type AccountView } from "../accounts/accounts.ts";
import { parseInput } from "../validation.ts";
import { burnPasswordCheck, PASSWORD_MAX_LENGTH, verifyPassword } from "./password.ts";
import { isLocked, recordWrongPassword } from "./lockout.ts";
import { admitLocation, type LocationRequest } from "./locations.ts";
import { mintSession, type NewSession, type StartSessionInput } from "./sessions.ts";
import { hashFingerprint } from "./fingerprint.ts";
import { findLoginAccount } from "../db-hot-path.ts";

const BooleanInput = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

export const LocationInput = z.object({
  verificationToken: z.string().max(32, "Too long.").optional(),
  locationName: z.string().trim().max(100, "At most 100 characters.").optional(),
  singleUse: BooleanInput.optional(),
});

export const LoginInput = z.object({
  email: z.string("Required.").trim().min(1, "Required.").max(320, "Too long."),
  password: z.string("Required.").min(1, "Required.").max(PASSWORD_MAX_LENGTH, "Too long."),
  location: LocationInput.optional(),
});
export type LoginInput = z.output<typeof LoginInput>;

/** Who is signing in, through which app, from where. */
export interface LoginContext {
  org: {
    id: string;
    name: string;
    bypassEmails: string[];
    smsDailyBudget: number;
    lockAttempts: number;
    lockDuration: number;
    simultaneousLogins: boolean;
  };
  app: { id: string; authDuration: number; csrf: boolean };
  /** The location's fingerprint (the door mints one when the request has none). */
  fingerprint: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginSuccess {
  account: AccountView;
  session: NewSession;
  locationId: string;
}

export async function loginWithPassword(ctx: LoginContext, rawInput: unknown, now = new Date()): Promise<LoginSuccess> {
  const input = parseInput(LoginInput, rawInput);
  const audit: AuditContext = { orgId: ctx.org.id, appId: ctx.app.id, ip: ctx.ip, userAgent: ctx.userAgent };

  const fingerprintHash = hashFingerprint(ctx.fingerprint);
  const account = await findLoginAccount(ctx.org.id, input.email.toLowerCase(), fingerprintHash);
  if (!account) {
    await burnPasswordCheck(input.password); // same cost as a wrong password
    await recordAudit(db(), audit, { type: "login.failed", detail: { fault: "kInvalidCredentials", reason: "unknownEmail" } }, now);
    throw faults.invalidCredentials();
  }
  if (isLocked(account, now)) {
    await recordAudit(db(), audit, { type: "login.failed", accountId: account.id, detail: { fault: "kAccountLocked" } }, now);
    throw faults.accountLocked();
  }
  if (!(await verifyPassword(account.passwordHash, input.password))) {
    const locked = await recordWrongPassword(db(), account.id, {
      lockAttempts: ctx.org.lockAttempts, lockDurationMinutes: ctx.org.lockDuration,
    }, now);
    await recordAudit(db(), audit, [
      { type: "login.failed", accountId: account.id, detail: { fault: "kInvalidCredentials" } },
      ...(locked ? [{ type: "account.locked" as const, accountId: account.id }] : []),
    ], now);
    throw locked ? faults.invalidCredentials({ faults: [faults.accountLocked()] }) : faults.invalidCredentials();
  }

  const admission = await admitLocation({
    org: ctx.org, appId: ctx.app.id, account, fingerprintHash, knownLocation: account.location,
    request: (input.location ?? {}) as LocationRequest, audit, userAgent: ctx.userAgent,
  }, now);

  const session = await recordLoginSuccess({
    orgId: ctx.org.id, appId: ctx.app.id, authDurationSeconds: ctx.app.authDuration, csrf: ctx.app.csrf,
    accountId: account.id, locationId: admission.locationId, fingerprintHash, singleUse: admission.singleUse,
    exclusive: !ctx.org.simultaneousLogins, ip: ctx.ip, userAgent: ctx.userAgent,
  }, now);

  return { account: toAccountView(account), session, locationId: admission.locationId };
}

/**
 * The writes of a successful sign-in as ONE statement (one round trip, atomic like the transaction
 * it replaces): end the account's other sessions when the org forbids simultaneous logins, create
 * the session (the same row sessions.ts `startSession` writes), stamp the location and the account,
 * and audit. Measured in docs/benchmarks.md: the interactive transaction took 6 round trips and
 * four Prisma query compilations, ~3 ms of event-loop time per login; this takes ~0.4 ms.
 */
async function recordLoginSuccess(input: StartSessionInput, now: Date): Promise<NewSession> {
  const { token, csrfToken, expiresAt, tokenHash, csrfHash } = mintSession(input, now);
  const userAgent = input.userAgent?.slice(0, 512) ?? null;
  await db().$executeRaw`
    WITH ended AS (
      UPDATE sessions SET ended_at = ${now}, end_reason = 'loggedInElsewhere'
      WHERE ${input.exclusive} AND account_id = ${input.accountId} AND ended_at IS NULL
    ), created AS (
      INSERT INTO sessions (token_hash, org_id, app_id, account_id, location_id, fingerprint_hash, csrf_hash,
                            single_use, expires_at, ip, user_agent, created_at, last_seen_at)
      VALUES (${tokenHash}, ${input.orgId}, ${input.appId}, ${input.accountId}, ${input.locationId},
              ${input.fingerprintHash}, ${csrfHash}, ${input.singleUse}, ${expiresAt},
              ${input.ip}, ${userAgent}, ${now}, ${now})
    ), location AS (
      UPDATE locations SET last_login_at = ${now}, last_login_ip = ${input.ip} WHERE id = ${input.locationId}
    ), account AS (
      UPDATE accounts SET last_login_at = ${now}, failed_logins = 0, updated_at = ${now} WHERE id = ${input.accountId}
    )
    INSERT INTO audit_events (org_id, at, type, account_id, location_id, app_id, ip, user_agent)
    VALUES (${input.orgId}, ${now}, 'login.succeeded', ${input.accountId}, ${input.locationId}, ${input.appId}, ${input.ip}, ${userAgent})`;
  return { token, csrfToken, expiresAt };
}
