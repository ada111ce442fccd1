// Where does a request's CPU go? Starts the production server under `node --cpu-prof`, drives one
// load phase, stops the server (which writes the profile) and prints self time grouped by package
// and the hottest functions. Also counts SQL statements per request from pg_stat_database.
//
//   tsx scripts/bench/profile.ts [--phase login|status|cookie-me] [--seconds 8] [--connections 8]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { db } from "../../lib/db.ts";
import { log, readArgs, round, startStack } from "./common.ts";
import { runLoad } from "./load.ts";
import { BENCH_PASSWORD, loginPoolItems, setupBenchData } from "./setup-data.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function bucketOf(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  if (url.startsWith("wasm://")) return "wasm (Prisma query compiler)";
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) {
    const pkg = nm[1];
    if (pkg === "next") {
      const sub = /next\/dist\/(compiled\/[^/]+|server\/[^/]+|[^/]+)/.exec(url);
      return `next/${sub?.[1] ?? ""}`;
    }
    return pkg;
  }
  if (url.startsWith("node:")) return "node core";
  if (url.includes("/.next/server/chunks/")) return "app bundle (.next chunks)";
  if (url.includes("/.next/")) return "app bundle (.next)";
  return url.replace(/^file:\/\//, "").replace(process.cwd(), ".");
}

export function summarizeProfile(file: string, top = 25): { totalMs: number; buckets: Array<[string, number]>; functions: Array<[string, number]> } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const buckets = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const { url, functionName, lineNumber } = n.callFrame;
    total += us;
    const b = bucketOf(url, functionName);
    buckets.set(b, (buckets.get(b) ?? 0) + us);
    const key = `${functionName || "(anonymous)"} ${bucketOf(url, functionName)}:${lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const sort = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k, round(v / 1000, 0)] as [string, number]);
  return { totalMs: round(total / 1000, 0), buckets: sort(buckets), functions: sort(fns) };
}

async function statementCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Each autocommitted statement and each explicit transaction counts once.
    const r = await client.query("SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()");
    return Number(r.rows[0].n);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const phase = args.get("phase") ?? "login";
  const seconds = args.num("seconds", 8);
  const connections = args.num("connections", phase === "login" ? 8 : 32);
  const url = "postgresql://postgres@127.0.0.1:5432/gatehouse_bench";
  const workDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-profile-"));
  const profDir = path.join(workDir, "prof");
  mkdirSync(profDir);
  const stack = await startStack({
    databaseUrl: url, workDir,
    nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profDir}`],
  });
  try {
    const data = await setupBenchData(url, { accounts: 1000, locationsPerAccount: 3, poolSize: 1000 });
    const base = `/${data.org.code}/v2`;
    let request;
    let expectObject: string | undefined;
    if (phase === "login") {
      request = { kind: "pool" as const, method: "POST", path: `${base}/accounts/login`, items: loginPoolItems(data) };
      expectObject = "account";
    } else if (phase === "status") {
      request = { kind: "plain" as const, method: "GET", path: `${base}/accounts/status`, headers: { "Medable-Client-Key": data.sessionApp.key } };
      expectObject = "result";
    } else {
      const m = data.pool[0];
      const res = await fetch(`${stack.url}${base}/accounts/login`, {
        method: "POST",
        headers: { "Medable-Client-Key": data.sessionApp.key, "Content-Type": "application/json", Cookie: `md.fingerprint=${encodeURIComponent(m.fingerprintCookie)}` },
        body: JSON.stringify({ email: m.email, password: BENCH_PASSWORD }),
      });
      const sid = res.headers.getSetCookie().map((c) => /^md\.sid=([^;]*)/.exec(c)?.[1]).find(Boolean);
      request = { kind: "plain" as const, method: "GET", path: `${base}/accounts/me`, headers: { "Medable-Client-Key": data.sessionApp.key, Cookie: `md.fingerprint=${encodeURIComponent(m.fingerprintCookie)}; md.sid=${sid}` } };
      expectObject = "account";
    }
    const before = await statementCount(url);
    const result = await runLoad(`profile ${phase}`, { url: stack.url, connections, durationSec: seconds, warmupSec: 0, request, expectObject });
    const after = await statementCount(url);
    // One of them is this script's own count query.
    console.log(`\ndatabase transactions per request ≈ ${round((after - before - 1) / Math.max(1, result.responses), 2)} (autocommitted statements and explicit transactions, ${after - before - 1} for ${result.responses} responses)`);
  } finally {
    await stack.stop();
    await db().$disconnect().catch(() => {});
  }
  const files = readdirSync(profDir).map((f) => path.join(profDir, f)).sort((a, b) => statSync(b).size - statSync(a).size);
  if (files.length === 0) throw new Error("no CPU profile was written");
  const s = summarizeProfile(files[0]);
  console.log(`\nCPU profile ${files[0]} — ${s.totalMs} ms sampled\n\nself time by package:`);
  for (const [k, v] of s.buckets) console.log(`  ${String(v).padStart(7)} ms  ${round((100 * v) / s.totalMs, 1).toString().padStart(5)} %  ${k}`);
  console.log("\nhottest functions (self time):");
  for (const [k, v] of s.functions) console.log(`  ${String(v).padStart(7)} ms  ${k}`);
  log("profile", `profiles kept in ${profDir}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
