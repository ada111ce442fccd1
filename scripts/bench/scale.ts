// Bulk data for the scale phases: accounts and their verified locations generated inside
// PostgreSQL (INSERT … SELECT generate_series), all accounts sharing one precomputed argon2 hash, so
// a million accounts take seconds instead of a day of hashing. Then a "pool" of accounts whose
// location fingerprints the load generator knows, spread evenly over all accounts.
//
// Account g (1-based) has id 0000b…hex(g), email user-g@bench.test and locations 1..L with ids
// 0000c…hex(g·8+i); these prefixes never collide with gatehouse_object_id() ids (epoch-based).
import pg from "pg";
import { createFingerprint, hashFingerprint, signFingerprint } from "../../lib/auth/fingerprint.ts";
import { log, round } from "./common.ts";

export interface BulkTarget {
  orgId: string;
  appId: string;
  passwordHash: string;
  locationsPerAccount: number;
}

export const accountId = (g: number) => `0000b${g.toString(16).padStart(19, "0")}`;
export const locationId = (g: number, i: number) => `0000c${(g * 8 + i).toString(16).padStart(19, "0")}`;
export const accountEmail = (g: number) => `user-${g}@bench.test`;

export async function withClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Insert accounts from..to (inclusive) with their locations, in chunks. Returns seconds taken. */
export async function insertAccounts(databaseUrl: string, target: BulkTarget, from: number, to: number, chunk = 200_000): Promise<{ accounts: number; locations: number; seconds: number }> {
  const started = performance.now();
  await withClient(databaseUrl, async (client) => {
    await client.query("SET synchronous_commit = off");
    await client.query("SET maintenance_work_mem = '256MB'");
    for (let a = from; a <= to; a += chunk) {
      const b = Math.min(to, a + chunk - 1);
      await client.query(
        `INSERT INTO accounts (id, org_id, email, password_hash, mobile, name_first, name_last, roles)
         SELECT '0000b' || lpad(to_hex(g), 19, '0'), $1, 'user-' || g || '@bench.test', $2,
                '+1555' || lpad((g % 10000000)::text, 7, '0'), 'Bench', 'User', ARRAY['member']
         FROM generate_series($3::bigint, $4::bigint) AS g`,
        [target.orgId, target.passwordHash, a, b],
      );
      await client.query(
        `INSERT INTO locations (id, org_id, account_id, fingerprint_hash, app_id, state, verified_by, verified_at, last_login_at)
         SELECT '0000c' || lpad(to_hex(g * 8 + i), 19, '0'), $1, '0000b' || lpad(to_hex(g), 19, '0'),
                md5(g::text || ':' || i::text || ':bench'), $2, 'verified', 'code', now(), now()
         FROM generate_series($3::bigint, $4::bigint) AS g, generate_series(1, $5::int) AS i`,
        [target.orgId, target.appId, a, b, target.locationsPerAccount],
      );
      if (to - from > chunk) log("scale", `  accounts ${a.toLocaleString("en")}–${b.toLocaleString("en")} inserted (${round((performance.now() - started) / 1000, 1)} s)`);
    }
  });
  const accounts = to - from + 1;
  return { accounts, locations: accounts * target.locationsPerAccount, seconds: round((performance.now() - started) / 1000, 1) };
}

/** VACUUM ANALYZE the big tables and checkpoint, so neither autovacuum nor a checkpoint lands in a measurement. */
export async function settle(databaseUrl: string): Promise<number> {
  const started = performance.now();
  await withClient(databaseUrl, async (client) => {
    await client.query("VACUUM ANALYZE accounts");
    await client.query("VACUUM ANALYZE locations");
    await client.query("VACUUM ANALYZE sessions");
    await client.query("VACUUM ANALYZE audit_events");
    await client.query("CHECKPOINT");
  });
  return round((performance.now() - started) / 1000, 1);
}

export interface PoolMember {
  g: number;
  accountId: string;
  email: string;
  /** The signed md.fingerprint cookie value of the member's location #1. */
  fingerprintCookie: string;
}

/**
 * Give `size` accounts spread evenly over 1..total a location whose fingerprint we know (their
 * location #1 gets the hash of a fresh fingerprint, so location counts stay exact).
 */
export async function makePool(databaseUrl: string, total: number, size: number): Promise<PoolMember[]> {
  const n = Math.min(size, total);
  const step = total / n;
  const members: PoolMember[] = [];
  const hashes: string[] = [];
  for (let k = 0; k < n; k++) {
    const g = 1 + Math.floor(k * step);
    const value = createFingerprint();
    members.push({ g, accountId: accountId(g), email: accountEmail(g), fingerprintCookie: signFingerprint(value) });
    hashes.push(hashFingerprint(value));
  }
  await withClient(databaseUrl, (client) =>
    client.query(
      `UPDATE locations AS l SET fingerprint_hash = v.hash
       FROM unnest($1::text[], $2::text[]) AS v(id, hash) WHERE l.id = v.id`,
      [members.map((m) => locationId(m.g, 1)), hashes],
    ),
  );
  return members;
}

export async function tableCounts(databaseUrl: string): Promise<{ accounts: number; locations: number; sessions: number }> {
  return withClient(databaseUrl, async (client) => {
    const r = await client.query(
      `SELECT (SELECT count(*) FROM accounts)::int AS accounts, (SELECT count(*) FROM locations)::int AS locations,
              (SELECT count(*) FROM sessions)::int AS sessions`,
    );
    return r.rows[0] as { accounts: number; locations: number; sessions: number };
  });
}
