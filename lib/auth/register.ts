// Self-registration (SPEC §2): create the account, trust the registering location (the user just
// proved control of this device) and start a session — all in one transaction.
import { z } from "zod";
import { db } from "../db.ts";
import { faults } from "../faults.ts";
import { recordAudit, type AuditContext } from "../audit/audit.ts";
import { createAccount, toAccountView, EmailInput, MobileInput, PasswordInput } from "../accounts/accounts.ts";
import { parseInput } from "../validation.ts";
import { hashFingerprint } from "./fingerprint.ts";
import { LocationInput, type LoginContext, type LoginSuccess } from "./login.ts";
import { startSession } from "./sessions.ts";

const NamePart = z.string().trim().max(100, "At most 100 characters.");

export const RegisterInput = z.object({
  email: EmailInput,
  password: PasswordInput,
  mobile: MobileInput,
  name: z.object({ first: NamePart.min(1, "Required."), last: NamePart.min(1, "Required.") }, "Required."),
  location: LocationInput.optional(),
});

export interface RegisterContext extends LoginContext {
  org: LoginContext["org"] & { registrationEnabled: boolean };
}

export async function registerAccount(ctx: RegisterContext, rawInput: unknown, now = new Date()): Promise<LoginSuccess> {
  if (!ctx.org.registrationEnabled) throw faults.registrationDisabled();
  const input = parseInput(RegisterInput, rawInput);
  const audit: AuditContext = { orgId: ctx.org.id, appId: ctx.app.id, ip: ctx.ip, userAgent: ctx.userAgent };
  const fingerprintHash = hashFingerprint(ctx.fingerprint);

  return db().$transaction(
    async (tx) => {
      const account = await createAccount(tx, {
        orgId: ctx.org.id, email: input.email, password: input.password, mobile: input.mobile,
        name: input.name, roles: [],
      });
      const location = await tx.location.create({
        data: {
          orgId: ctx.org.id, accountId: account.id, fingerprintHash, appId: ctx.app.id, state: "verified",
          verifiedBy: "registration", verifiedAt: now, name: input.location?.locationName?.trim() || null,
          lastLoginAt: now, lastLoginIp: ctx.ip, userAgent: ctx.userAgent, createdAt: now,
        },
      });
      const session = await startSession(tx, {
        orgId: ctx.org.id, appId: ctx.app.id, authDurationSeconds: ctx.app.authDuration, csrf: ctx.app.csrf,
        accountId: account.id, locationId: location.id, fingerprintHash, singleUse: false,
        exclusive: false, ip: ctx.ip, userAgent: ctx.userAgent,
      }, now);
      await tx.account.update({ where: { id: account.id }, data: { lastLoginAt: now } });
      await recordAudit(tx, audit, [
        { type: "account.registered", accountId: account.id },
        { type: "location.verified", accountId: account.id, locationId: location.id, detail: { by: "registration" } },
        { type: "login.succeeded", accountId: account.id, locationId: location.id },
      ], now);
      return { account: toAccountView(account), session, locationId: location.id };
    },
    { timeout: 20_000, maxWait: 10_000 },
  );
}
