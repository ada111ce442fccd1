// The location state machine of SPEC §3: decides whether a caller whose password was accepted may
// sign in from this location (fingerprint), issuing, checking and limiting codes along the way.
// Every branch that changes state runs under the account's row lock; faults are decided inside the
// transaction but thrown after it commits, so attempts, codes and audit records are never lost.
import { db, type Tx } from "../db.ts";
import { Fault, faults, isFault } from "../faults.ts";
import { recordAudit, type AuditContext, type AuditEventInput } from "../audit/audit.ts";
import { sendSms, phoneEnding } from "../sms/index.ts";
import { composeNewSignInNotice } from "../sms/messages.ts";
import { checkLocationCode, getPendingCodeState, issueLocationCode } from "./codes.ts";
import { verificationLimits } from "./limits.ts";

export interface LocationOrg {
  id: string;
  name: string;
  bypassEmails: string[];
  smsDailyBudget: number;
}

export interface LocationAccount {
  id: string;
  email: string;
  mobile: string | null;
}

export interface LocationRequest {
  verificationToken?: string;
  locationName?: string;
  singleUse?: boolean;
}

export interface AdmitLocationInput {
  org: LocationOrg;
  appId: string;
  account: LocationAccount;
  fingerprintHash: string;
  /** The location row for this fingerprint when the caller already read it (undefined: read it here). */
  knownLocation?: { id: string; state: "unverified" | "verified" | "revoked"; appId: string } | null;
  request: LocationRequest;
  audit: AuditContext;
  userAgent: string | null;
}

export interface Admission {
  locationId: string;
  /** Verified for this session only (singleUse); the location itself stays unverified. */
  singleUse: boolean;
  newlyVerified: boolean;
}

export function isBypassed(bypassEmails: string[], email: string): boolean {
  const lower = email.toLowerCase();
  return bypassEmails.some((entry) => entry === "*" || entry.toLowerCase() === lower);
}

type Outcome = { kind: "admitted"; admission: Admission } | { kind: "fault"; fault: Fault };

const admitted = (locationId: string, singleUse = false, newlyVerified = false): Outcome => ({
  kind: "admitted",
  admission: { locationId, singleUse, newlyVerified },
});

function codeSentReason(why: "newDevice" | "newApp" | "resend", mobile: string | null): string {
  const ending = mobile ? ` ending in ${phoneEnding(mobile)}` : "";
  const lead = {
    newDevice: "Sign-in from a new location (device).",
    newApp: "This location was verified through another app.",
    resend: "A new verification code was requested.",
  }[why];
  return `${lead} A verification code was sent by SMS to the mobile number${ending}.`;
}

/** Admit the caller's location, or throw the Cortex fault that says why not. */
export async function admitLocation(input: AdmitLocationInput, now: Date): Promise<Admission> {
  const { account, fingerprintHash, appId } = input;
  const existing = input.knownLocation !== undefined
    ? input.knownLocation
    : await db().location.findUnique({
        where: { accountId_fingerprintHash: { accountId: account.id, fingerprintHash } },
        select: { id: true, state: true, appId: true },
      });

  // Fast path: a verified location used through its own app, no code offered.
  if (existing?.state === "verified" && existing.appId === appId && !input.request.verificationToken) {
    return { locationId: existing.id, singleUse: false, newlyVerified: false };
  }
  if (existing?.state === "revoked") {
    await recordAudit(db(), input.audit, {
      type: "login.failed", accountId: account.id, locationId: existing.id, detail: { fault: "kLocationAccessRevoked" },
    }, now);
    throw faults.locationAccessRevoked();
  }

  let outcome: Outcome;
  try {
    outcome = await db().$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${account.id} FOR UPDATE`;
        return isBypassed(input.org.bypassEmails, account.email)
          ? admitBypassed(tx, input, now)
          : decideLocation(tx, input, now);
      },
      { timeout: 20_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (isFault(error)) await auditSendFailure(input, error, now);
    throw error;
  }
  if (outcome.kind === "fault") throw outcome.fault;
  if (outcome.admission.newlyVerified) notifyNewSignIn(input);
  return outcome.admission;
}

async function admitBypassed(tx: Tx, input: AdmitLocationInput, now: Date): Promise<Outcome> {
  const { account, fingerprintHash, appId } = input;
  const loc = await tx.location.findUnique({
    where: { accountId_fingerprintHash: { accountId: account.id, fingerprintHash } },
  });
  if (loc?.state === "revoked") return { kind: "fault", fault: faults.locationAccessRevoked() };
  if (loc?.state === "verified") return admitted(loc.id);
  const data = {
    state: "verified" as const, verifiedBy: "bypass" as const, verifiedAt: now, appId,
    name: input.request.locationName?.trim() || null,
  };
  const location = loc
    ? await tx.location.update({ where: { id: loc.id }, data })
    : await tx.location.create({
        data: { ...data, orgId: input.org.id, accountId: account.id, fingerprintHash, userAgent: input.userAgent, createdAt: now },
      });
  await tx.verificationCode.deleteMany({ where: { locationId: location.id } });
  await recordAudit(tx, input.audit, { type: "location.bypassed", accountId: account.id, locationId: location.id }, now);
  return admitted(location.id);
}

async function decideLocation(tx: Tx, input: AdmitLocationInput, now: Date): Promise<Outcome> {
  const { account, fingerprintHash, appId, request } = input;
  const target = (locationId: string) => ({
    orgId: input.org.id, orgName: input.org.name, smsDailyBudget: input.org.smsDailyBudget,
    accountId: account.id, mobile: account.mobile, locationId,
  });
  const sendCode = async (locationId: string, fault: Fault, events: AuditEventInput[]): Promise<Outcome> => {
    await issueLocationCode(tx, target(locationId), now);
    await recordAudit(tx, input.audit, [...events, { type: "code.sent", accountId: account.id, locationId }], now);
    return { kind: "fault", fault };
  };

  const loc = await tx.location.findUnique({
    where: { accountId_fingerprintHash: { accountId: account.id, fingerprintHash } },
  });

  // New fingerprint: a verificationToken on this first request is ignored (Cortex).
  if (!loc) {
    const created = await tx.location.create({
      data: {
        orgId: input.org.id, accountId: account.id, fingerprintHash, appId, state: "unverified",
        userAgent: input.userAgent, createdAt: now,
      },
    });
    return sendCode(created.id, faults.newLocation({ reason: codeSentReason("newDevice", account.mobile) }), [
      { type: "location.created", accountId: account.id, locationId: created.id },
    ]);
  }

  if (loc.state === "revoked") return { kind: "fault", fault: faults.locationAccessRevoked() };

  if (loc.state === "verified") {
    if (loc.appId === appId) {
      return request.verificationToken
        ? { kind: "fault", fault: faults.locationAlreadyVerified() }
        : admitted(loc.id);
    }
    // Verified through another app: back to unverified, bound to this app, new code.
    await tx.location.update({ where: { id: loc.id }, data: { state: "unverified", appId, verifiedBy: null, verifiedAt: null } });
    return sendCode(loc.id, faults.locationClientMismatch({ reason: codeSentReason("newApp", account.mobile) }), [
      { type: "location.rebound", accountId: account.id, locationId: loc.id, detail: { previousAppId: loc.appId } },
    ]);
  }

  // Unverified.
  if (request.verificationToken) {
    const check = await checkLocationCode(tx, { accountId: account.id, locationId: loc.id }, request.verificationToken, now);
    if (!check.ok) {
      await recordAudit(tx, input.audit, {
        type: check.fault.code === "kExpired" ? "code.expired" : check.counted ? "code.rejected" : "code.throttled",
        accountId: account.id, locationId: loc.id, detail: { fault: check.fault.code },
      }, now);
      return { kind: "fault", fault: check.fault };
    }
    const singleUse = request.singleUse === true;
    if (!singleUse) {
      await tx.location.update({
        where: { id: loc.id },
        data: { state: "verified", verifiedBy: "code", verifiedAt: now, name: request.locationName?.trim() || loc.name },
      });
    }
    await recordAudit(tx, input.audit, {
      type: "location.verified", accountId: account.id, locationId: loc.id, detail: { singleUse },
    }, now);
    return admitted(loc.id, singleUse, !singleUse);
  }

  const pending = await getPendingCodeState(tx, loc.id, now);
  if (pending.live && pending.ageMs !== null && pending.ageMs < verificationLimits.resendCooldownMs) {
    const wait = Math.ceil((verificationLimits.resendCooldownMs - pending.ageMs) / 1000);
    return {
      kind: "fault",
      fault: faults.unverifiedLocation({
        reason: `A verification code was already sent. Enter it, or request a new one in ${wait} s.`,
        headers: { "Retry-After": String(wait) },
      }),
    };
  }
  const why = pending.ageMs === null ? "newDevice" : "resend";
  return sendCode(loc.id, faults.newLocation({ reason: codeSentReason(why, account.mobile) }), []);
}

/** A code could not be sent (SMS failure, limits, no mobile): the transaction rolled back; record why. */
async function auditSendFailure(input: AdmitLocationInput, fault: Fault, now: Date): Promise<void> {
  const type = fault.code === "kSmsError" ? "code.failed" : fault.status === 429 ? "code.throttled" : "login.failed";
  await recordAudit(db(), input.audit, { type, accountId: input.account.id, detail: { fault: fault.code, errCode: fault.errCode } }, now)
    .catch((e) => console.error("[audit] could not record a code failure:", (e as Error).message));
}

/** "New sign-in" notice to the account holder; best effort, never delays or fails the login. */
function notifyNewSignIn(input: AdmitLocationInput): void {
  if (!input.account.mobile) return;
  sendSms({ to: input.account.mobile, body: composeNewSignInNotice(input.org.name, input.request.locationName) }).catch(() => {
    // sendSms already logged the failure (without the body); the sign-in itself succeeded.
  });
}
