// The benchmark's org: created through lib/ (createOrg, createApp, hashPassword, fingerprints) like
// e2e/support/fixtures.ts, with its accounts and verified locations bulk-inserted (scale.ts).
import { db } from "../../lib/db.ts";
import { createOrg } from "../../lib/orgs/orgs.ts";
import { createApp } from "../../lib/apps/apps.ts";
import { hashPassword } from "../../lib/auth/password.ts";
import { insertAccounts, makePool, type PoolMember } from "./scale.ts";
import { log } from "./common.ts";

export const BENCH_PASSWORD = "correct horse battery";

export interface BenchData {
  org: { id: string; code: string };
  sessionApp: { id: string; key: string };
  signatureApp: { id: string; key: string; secret: string };
  passwordHash: string;
  locationsPerAccount: number;
  accounts: number;
  pool: PoolMember[];
}

export async function setupBenchData(databaseUrl: string, opts: { accounts: number; locationsPerAccount: number; poolSize: number; orgCode?: string }): Promise<BenchData> {
  const code = opts.orgCode ?? "bench";
  await createOrg(db(), { code, name: "Benchmark Org" });
  const org = await db().org.findUniqueOrThrow({ where: { code } });
  const { app: sessionApp } = await createApp(db(), { orgId: org.id, name: "Bench mobile", type: "session" });
  const { app: signatureApp, secret } = await createApp(db(), {
    orgId: org.id, name: "Bench back end", type: "signature", principalOverride: true,
  });
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const inserted = await insertAccounts(databaseUrl, {
    orgId: org.id, appId: sessionApp._id, passwordHash, locationsPerAccount: opts.locationsPerAccount,
  }, 1, opts.accounts);
  const pool = await makePool(databaseUrl, opts.accounts, opts.poolSize);
  log("setup", `org "${code}": ${inserted.accounts} accounts, ${inserted.locations} verified locations (${inserted.seconds} s), pool of ${pool.length}`);
  return {
    org: { id: org.id, code },
    sessionApp: { id: sessionApp._id, key: sessionApp.key },
    signatureApp: { id: signatureApp._id, key: signatureApp.key, secret },
    passwordHash,
    locationsPerAccount: opts.locationsPerAccount,
    accounts: opts.accounts,
    pool,
  };
}

/** Login requests for the load generator: one per pool member, each with its location's cookie. */
export function loginPoolItems(data: BenchData, pool: PoolMember[] = data.pool) {
  return pool.map((m) => ({
    headers: {
      "Medable-Client-Key": data.sessionApp.key,
      "Content-Type": "application/json",
      Cookie: `md.fingerprint=${encodeURIComponent(m.fingerprintCookie)}`,
    },
    body: JSON.stringify({ email: m.email, password: BENCH_PASSWORD }),
  }));
}
