// Password lockout (org settings lockAttempts / lockDuration). Counts consecutive wrong passwords
// with an atomic increment so concurrent guesses cannot slip past the limit.
import type { Db } from "../db.ts";

/** lockDuration 0 means "until an admin unlocks": stored as a far-future lockedUntil. */
export const LOCKED_UNTIL_UNLOCKED = new Date("9999-12-31T00:00:00.000Z");

export function isLocked(account: { lockedUntil: Date | null }, now: Date): boolean {
  return account.lockedUntil !== null && account.lockedUntil > now;
}

export interface LockPolicy {
  lockAttempts: number;
  lockDurationMinutes: number;
}

/** Record one wrong password. Returns true when this attempt locked the account. */
export async function recordWrongPassword(client: Db, accountId: string, policy: LockPolicy, now: Date): Promise<boolean> {
  const rows = await client.$queryRaw<Array<{ failed_logins: number }>>`
    UPDATE accounts SET failed_logins = failed_logins + 1 WHERE id = ${accountId} RETURNING failed_logins`;
  const failures = rows[0]?.failed_logins ?? 0;
  if (policy.lockAttempts <= 0 || failures < policy.lockAttempts) return false;
  const lockedUntil =
    policy.lockDurationMinutes > 0 ? new Date(now.getTime() + policy.lockDurationMinutes * 60_000) : LOCKED_UNTIL_UNLOCKED;
  // Only the attempt that crosses the threshold locks (and reports it), even under concurrency.
  const locked = await client.account.updateMany({
    where: { id: accountId, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
    data: { lockedUntil, failedLogins: 0 },
  });
  return locked.count > 0;
}

export async function unlockAccount(client: Db, accountId: string): Promise<void> {
  await client.account.update({ where: { id: accountId }, data: { lockedUntil: null, failedLogins: 0 } });
}
