// The one verification pipeline: location codes are issued, checked, burned and limited here,
// for login, resend and any later flow. Codes are 6 CSPRNG digits, valid 10 minutes, stored only
// as a keyed hash bound to (account, location).
import type { Tx } from "../db.ts";
import { keyedHash } from "../crypto/keys.ts";
import { randomDigits, safeEqual } from "../crypto/random.ts";
import { Fault, faults } from "../faults.ts";
import { sendSms } from "../sms/index.ts";
import { composeVerificationSms } from "../sms/messages.ts";
import {
  countRecentEvents,
  DAY_MS,
  HOUR_MS,
  limitKeys,
  recordEvent,
  secondsUntilNextUtcDay,
  takeDailyBudget,
  verificationLimits as limits,
} from "./limits.ts";

const CODE_PATTERN = /^\d{6}$/;

export function hashLocationCode(accountId: string, locationId: string, code: string): string {
  return keyedHash("code-hash", `${accountId}:${locationId}:${code}`);
}

/** Accept what people paste: "123 456", "123-456". */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/g, "");
}

export interface CodeTarget {
  orgId: string;
  orgName: string;
  smsDailyBudget: number;
  accountId: string;
  mobile: string | null;
  locationId: string;
}

function retryAfter(seconds: number): Record<string, string> {
  return { "Retry-After": String(Math.max(1, Math.ceil(seconds))) };
}

/**
 * Replace any code of the location with a fresh one and text it. Runs inside the caller's
 * transaction (account row locked): if the SMS fails, the transaction rolls back and nothing changes.
 */
export async function issueLocationCode(tx: Tx, target: CodeTarget, now: Date): Promise<void> {
  if (!target.mobile) {
    throw faults.noMobile({ path: "mobile", reason: "Two-factor authentication is not available for this account." });
  }
  const sent = await countRecentEvents(tx, limitKeys.codesSent(target.locationId), HOUR_MS, now);
  if (sent.count >= limits.codesPerLocationPerHour) {
    const wait = sent.oldestExpiresAt ? (sent.oldestExpiresAt.getTime() - now.getTime()) / 1000 : 3600;
    throw faults.tooManyCodesSent({
      reason: "Too many verification codes were sent to this location in the last hour. Try again later.",
      headers: retryAfter(wait),
    });
  }
  if (!(await takeDailyBudget(tx, limitKeys.orgSmsDaily(target.orgId), target.smsDailyBudget, now))) {
    throw faults.tooManyCodesSent({
      reason: "The organization's daily SMS budget is spent. Try again tomorrow or contact your administrator.",
      headers: retryAfter(secondsUntilNextUtcDay(now)),
    });
  }
  const code = randomDigits(6);
  await tx.verificationCode.deleteMany({ where: { locationId: target.locationId } });
  await tx.verificationCode.create({
    data: {
      accountId: target.accountId,
      locationId: target.locationId,
      codeHash: hashLocationCode(target.accountId, target.locationId, code),
      expiresAt: new Date(now.getTime() + limits.codeLifetimeMs),
      createdAt: now,
    },
  });
  await recordEvent(tx, limitKeys.codesSent(target.locationId), now);
  await sendSms({ to: target.mobile, body: composeVerificationSms(code, target.orgName) });
}

export interface PendingCodeState {
  /** A live (unexpired, unburned) code exists. */
  live: boolean;
  /** The newest code was issued this long ago (ms), or null when there is none. */
  ageMs: number | null;
}

export async function getPendingCodeState(tx: Tx, locationId: string, now: Date): Promise<PendingCodeState> {
  const latest = await tx.verificationCode.findFirst({ where: { locationId }, orderBy: { createdAt: "desc" } });
  if (!latest) return { live: false, ageMs: null };
  return {
    live: latest.burnedAt === null && latest.expiresAt > now,
    ageMs: now.getTime() - latest.createdAt.getTime(),
  };
}

export type CodeCheck =
  | { ok: true }
  | { ok: false; fault: Fault; counted: boolean };

/**
 * Check a submitted code (caller holds the account row lock). Rate limit → precondition →
 * consume an attempt → verify. A right code deletes every code of the location (single use).
 * Wrong answers are returned, not thrown, so the caller can commit the attempt before faulting.
 */
export async function checkLocationCode(
  tx: Tx,
  target: { accountId: string; locationId: string },
  submitted: string,
  now: Date,
): Promise<CodeCheck> {
  const hourly = await countRecentEvents(tx, limitKeys.wrongCodes(target.accountId), HOUR_MS, now);
  const daily = await countRecentEvents(tx, limitKeys.wrongCodes(target.accountId), DAY_MS, now);
  if (hourly.count >= limits.wrongCodesPerHour || daily.count >= limits.wrongCodesPerDay) {
    const until = daily.count >= limits.wrongCodesPerDay ? daily.oldestExpiresAt : hourly.oldestExpiresAt;
    const wait = until ? (until.getTime() - now.getTime()) / 1000 : 3600;
    return {
      ok: false,
      counted: false,
      fault: faults.tooManyCodeAttempts({
        reason: "Too many wrong verification codes for this account. Try again later.",
        headers: retryAfter(wait),
      }),
    };
  }

  const code = normaliseCode(submitted);
  if (!CODE_PATTERN.test(code)) {
    return {
      ok: false,
      counted: false,
      fault: faults.invalidLocationToken({ reason: "A verification code is 6 digits.", path: "location.verificationToken" }),
    };
  }

  const latest = await tx.verificationCode.findFirst({
    where: { locationId: target.locationId, accountId: target.accountId },
    orderBy: { createdAt: "desc" },
  });
  if (!latest) {
    return {
      ok: false,
      counted: false,
      fault: faults.invalidLocationToken({ reason: "No verification code is pending for this location. Sign in again to get one." }),
    };
  }
  if (latest.burnedAt) {
    return {
      ok: false,
      counted: false,
      fault: faults.tooManyCodeAttempts({ reason: "This code was entered wrongly too many times. Sign in again to get a new one." }),
    };
  }

  const matches = safeEqual(latest.codeHash, hashLocationCode(target.accountId, target.locationId, code));
  if (matches && latest.expiresAt <= now) {
    return { ok: false, counted: false, fault: faults.expiredLocationToken({ reason: "The code has expired. Sign in again to get a new one." }) };
  }
  if (matches) {
    await tx.verificationCode.deleteMany({ where: { locationId: target.locationId } });
    return { ok: true };
  }
  if (latest.expiresAt <= now) {
    // The only code is expired: whatever was typed, the useful answer is "expired".
    return { ok: false, counted: false, fault: faults.expiredLocationToken({ reason: "The code has expired. Sign in again to get a new one." }) };
  }

  await recordEvent(tx, limitKeys.wrongCodes(target.accountId), now);
  const attempts = latest.attempts + 1;
  const burned = attempts >= limits.codeAttempts;
  await tx.verificationCode.update({
    where: { id: latest.id },
    data: { attempts, burnedAt: burned ? now : null },
  });
  return {
    ok: false,
    counted: true,
    fault: burned
      ? faults.tooManyCodeAttempts({ reason: "Too many wrong tries: this code no longer works. Sign in again to get a new one." })
      : faults.invalidLocationToken({
          reason: `Wrong code. ${limits.codeAttempts - attempts} ${limits.codeAttempts - attempts === 1 ? "try" : "tries"} left for this code.`,
          path: "location.verificationToken",
        }),
  };
}
