// Rate limits shared by every server instance, kept in PostgreSQL.
// Sliding windows count RateEvent rows (callers serialise per account with a row lock, so a
// count-then-record is not raced); fixed windows use an atomic upsert on RateCounter.
import type { Tx } from "../db.ts";

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Named limits of the verification pipeline (SPEC §3). */
export const verificationLimits = {
  /** Wrong tries against one code before it is burned. */
  codeAttempts: 5,
  /** Wrong codes per account, across resends and locations. */
  wrongCodesPerHour: 10,
  /** Keeps the chance of guessing a 6-digit code in a day below 1e-4 (40 / 10^6 = 4e-5). */
  wrongCodesPerDay: 40,
  /** Codes texted per location. */
  codesPerLocationPerHour: 5,
  codeLifetimeMs: 10 * 60 * 1000,
  resendCooldownMs: 60 * 1000,
} as const;

export const limitKeys = {
  wrongCodes: (accountId: string) => `wrong-code:account:${accountId}`,
  codesSent: (locationId: string) => `code-sent:location:${locationId}`,
  orgSmsDaily: (orgId: string) => `sms:org:${orgId}`,
};

export interface WindowCount {
  count: number;
  /** When the oldest counted event leaves the window (null when the window is empty). */
  oldestExpiresAt: Date | null;
}

export async function countRecentEvents(tx: Tx, key: string, windowMs: number, now: Date): Promise<WindowCount> {
  const since = new Date(now.getTime() - windowMs);
  const rows = await tx.rateEvent.aggregate({
    where: { key, at: { gt: since } },
    _count: { _all: true },
    _min: { at: true },
  });
  const oldest = rows._min.at;
  return {
    count: rows._count._all,
    oldestExpiresAt: oldest ? new Date(oldest.getTime() + windowMs) : null,
  };
}

export async function recordEvent(tx: Tx, key: string, now: Date): Promise<void> {
  await tx.rateEvent.create({ data: { key, at: now } });
}

/** Atomically take one unit of a daily budget (UTC day). Returns false when the budget is spent. */
export async function takeDailyBudget(tx: Tx, key: string, budget: number, now: Date): Promise<boolean> {
  const day = now.toISOString().slice(0, 10);
  const rows = await tx.$queryRaw<Array<{ count: number }>>`
    INSERT INTO rate_counters (key, "window", count) VALUES (${key}, ${day}, 1)
    ON CONFLICT (key, "window") DO UPDATE SET count = rate_counters.count + 1
    WHERE rate_counters.count < ${budget}
    RETURNING count`;
  return rows.length === 1 && rows[0].count <= budget;
}

/** Seconds until the start of the next UTC day (Retry-After for a spent daily budget). */
export function secondsUntilNextUtcDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.ceil((next - now.getTime()) / 1000);
}

/** Drop events older than the longest window; called opportunistically so the table stays bounded. */
export async function purgeOldRateEvents(tx: Tx, now: Date): Promise<number> {
  const result = await tx.rateEvent.deleteMany({ where: { at: { lt: new Date(now.getTime() - DAY_MS) } } });
  return result.count;
}
