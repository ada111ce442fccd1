// Replay defence for signed requests: each (app, nonce) may be used once while its timestamp is
// inside the ±15 min window. The claim is one atomic statement on the signature_nonces primary key,
// so it holds under concurrency and across every server instance sharing the database.
//
// Every PURGE_EVERY-th claim of a process also purges up to PURGE_BATCH expired rows in the same
// statement (oldest first, skipping rows another claim is purging), so the table needs no cron job
// and stays bounded: between purges a process adds at most PURGE_EVERY rows and then removes up to
// PURGE_BATCH = 4 × PURGE_EVERY expired ones, so expired rows cannot pile up while requests come
// in, and live rows are at most the nonces claimed in the last 30 minutes. (Purging on every claim
// is as bounded but costs an index probe per request; the signed path is measured, see
// docs/decisions/0010-signed-requests.md.)
import { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { db } from "../db.ts";

export const PURGE_EVERY = 16;
export const PURGE_BATCH = 4 * PURGE_EVERY;

let claims = 0;
/** Whether this claim purges: the first of the process, then every PURGE_EVERY-th. */
function purgeThisTime(): boolean {
  return claims++ % PURGE_EVERY === 0;
}

export interface NonceClaim {
  appId: string;
  nonce: string;
  /** The end of the request timestamp's window: after this a replay is stale anyway. */
  expiresAt: Date;
}

/**
 * The claim as CTEs ending in `claimed` (one row when the nonce is fresh, none for a replay), so a
 * caller can read something else in the same round trip (lib/auth/signed-request.ts). An expired
 * row for the same nonce (not yet purged) is taken over, not treated as a replay; the purge skips
 * that row, because one statement must not both delete and update it.
 */
export function nonceClaimCtes(claim: NonceClaim, now: Date, purge = purgeThisTime()): Prisma.Sql {
  // Timestamps travel as ISO text cast to timestamp(3): the column is UTC without a zone (Prisma's
  // convention), and text avoids any dependence on the session's TimeZone.
  const nowText = now.toISOString();
  const purged = purge ? Prisma.sql`
    purged AS (
      DELETE FROM signature_nonces d
      USING (
        SELECT app_id, nonce FROM signature_nonces
        WHERE expires_at < ${nowText}::timestamp(3)
          AND NOT (app_id = ${claim.appId} AND nonce = ${claim.nonce})
        ORDER BY expires_at
        LIMIT ${PURGE_BATCH}
        FOR UPDATE SKIP LOCKED
      ) old
      WHERE d.app_id = old.app_id AND d.nonce = old.nonce
    ),` : Prisma.empty;
  return Prisma.sql`${purged}
    claimed AS (
      INSERT INTO signature_nonces (app_id, nonce, expires_at)
      VALUES (${claim.appId}, ${claim.nonce}, ${claim.expiresAt.toISOString()}::timestamp(3))
      ON CONFLICT (app_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
        WHERE signature_nonces.expires_at < ${nowText}::timestamp(3)
      RETURNING 1
    )`;
}

/** Claim a nonce. True: first use. False: seen before for this app and still remembered (a replay). */
export async function claimNonce(claim: NonceClaim, now: Date, client: Db = db()): Promise<boolean> {
  const rows = await client.$queryRaw<Array<{ claimed: number }>>`
    WITH ${nonceClaimCtes(claim, now)}
    SELECT count(*)::int AS claimed FROM claimed`;
  return rows[0]?.claimed === 1;
}

/** Delete up to `limit` expired rows now (maintenance and tests; claims purge as they go). */
export async function purgeExpiredNonces(now: Date, limit = 10_000, client: Db = db()): Promise<number> {
  return client.$executeRaw`
    DELETE FROM signature_nonces d
    USING (
      SELECT app_id, nonce FROM signature_nonces
      WHERE expires_at < ${now.toISOString()}::timestamp(3)
      ORDER BY expires_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) old
    WHERE d.app_id = old.app_id AND d.nonce = old.nonce`;
}
