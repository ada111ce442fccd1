// Password login (SPEC §2–3), shared by the API and the panel. The order is the checklist:
// identify → precondition (lock) → verify password → consume/reset attempts → location → session.
// Everything but the argon2 verification is a handful of indexed queries (see docs/benchmarks.md).
import { z } from "zod";
import { db } from "../db.ts";
import { faults } from "../faults.ts";
import { recordAudit, type AuditContext } from "../audit/audit.ts";
import { toAccountView, type AccountView } from "../accounts/accounts.ts";
import { parseInput } from "../validation.ts";
import { burnPasswordCheck, PASSWORD_MAX_LENGTH, verifyPassword } from "./password.ts";
import { isLocked, recordWrongPassword } from "./lockout.ts";
import { admitLocation, type LocationRequest } from "./locations.ts";
import { startSession, type NewSession } from "./sessions.ts";
import { hashFingerprint } from "./fingerprint.ts";

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

  const account = await db().account.findUnique({
    where: { orgId_email: { orgId: ctx.org.id, email: input.email.toLowerCase() } },
    omit: { passwordHash: false },
  });
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

  const fingerprintHash = hashFingerprint(ctx.fingerprint);
  const admission = await admitLocation({
    org: ctx.org, appId: ctx.app.id, account, fingerprintHash,
    request: (input.location ?? {}) as LocationRequest, audit, userAgent: ctx.userAgent,
  }, now);

  const session = await db().$transaction(async (tx) => {
    const created = await startSession(tx, {
      orgId: ctx.org.id, appId: ctx.app.id, authDurationSeconds: ctx.app.authDuration, csrf: ctx.app.csrf,
      accountId: account.id, locationId: admission.locationId, fingerprintHash, singleUse: admission.singleUse,
      exclusive: !ctx.org.simultaneousLogins, ip: ctx.ip, userAgent: ctx.userAgent,
    }, now);
    await tx.location.update({ where: { id: admission.locationId }, data: { lastLoginAt: now, lastLoginIp: ctx.ip } });
    await tx.account.update({
      where: { id: account.id },
      data: { lastLoginAt: now, ...(account.failedLogins > 0 ? { failedLogins: 0 } : {}) },
    });
    await recordAudit(tx, audit, { type: "login.succeeded", accountId: account.id, locationId: admission.locationId }, now);
    return created;
  });

  return { account: toAccountView(account), session, locationId: admission.locationId };
}
