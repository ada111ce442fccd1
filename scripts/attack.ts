// `npm run attack` — resistance as measured facts, against the production server on loopback only,
// bounded in time (~2–3 min). Not part of the test suite.
//
//   npm run attack                          all five figures
//   npm run attack -- --skip-pg-restart     everything but the PostgreSQL restart (which stops the
//                                           cluster and so breaks anyone else using it)
//   options: --quick (1,000 fuzz requests)  --fuzz-requests N  --seed N  --pg-cluster 15/main
//            --only guess,replay,race,fuzz,pg (a subset of the phases; no docs are written)
//            --build (force next build)  --keep (keep the work directory)  --no-docs
//
// The database is DATABASE_URL when it names a dedicated *attack* database, else
// postgresql://postgres@127.0.0.1:5432/gatehouse_attack; it is dropped and recreated.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { db } from "../lib/db.ts";
import { PROJECT_ROOT, gitRevision, harnessDatabaseUrl, log, machineInfo, markdownTable, readArgs, startStack, updateMarkdownSection, verdict, writeJson, type Stack } from "./bench/common.ts";
import { createTarget } from "./attack/support.ts";
import { attackCodeGuessing } from "./attack/code-guessing.ts";
import { attackReplays } from "./attack/replay.ts";
import { attackConcurrentCode } from "./attack/concurrent-code.ts";
import { attackFuzz } from "./attack/fuzz.ts";
import { attackPgRestart, ensureRunning, findCluster, type PgRestartResult } from "./attack/pg-restart.ts";

const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/gatehouse_attack";
const DOCS = path.join(PROJECT_ROOT, "docs");

const sci = (v: number) => v.toExponential(2);

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const quick = args.has("quick");
  const only = args.get("only")?.split(",");
  const wants = (phase: string) => !only || only.includes(phase);
  const skipPg = args.has("skip-pg-restart") || !wants("pg");
  const url = harnessDatabaseUrl("attack", DEFAULT_DATABASE_URL);
  const workDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-attack-"));
  const started = new Date();
  const command = `npm run attack${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  const seed = args.num("seed", Math.floor(Math.random() * 2 ** 31));
  let stack: Stack | null = null;
  let failed = true;
  const stop = async () => {
    await stack?.stop().catch(() => {});
    stack = null;
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  process.once("SIGTERM", () => void stop().then(() => process.exit(143)));

  // Fail before anything else if the cluster to restart cannot be identified.
  const cluster = skipPg ? null : await findCluster(url, args.get("pg-cluster"));
  if (cluster) await ensureRunning(cluster);

  try {
    const machine = await machineInfo(url);
    stack = await startStack({ databaseUrl: url, workDir, forceBuild: args.has("build") });
    const target = await createTarget({ baseUrl: stack.url, databaseUrl: url, outboxFile: stack.outboxFile, serverLog: stack.serverLog });

    if (only) {
      // A partial run (while developing a phase): print its figures, write nothing.
      const partial: Record<string, unknown> = {};
      if (wants("guess")) partial.codeGuessing = await attackCodeGuessing(target);
      if (wants("replay")) partial.replays = await attackReplays(target, { replays: 1_000, concurrency: 100 });
      if (wants("race")) partial.concurrentCode = await attackConcurrentCode(target, 50);
      if (wants("fuzz")) partial.fuzz = await attackFuzz(target, { requests: args.num("fuzz-requests", quick ? 1_000 : 10_000), concurrency: 16, seed, deadlineSec: 300 });
      if (cluster) partial.pgRestart = await attackPgRestart(target, { cluster, downSec: 3, loginWorkers: 8, verifyWorkers: 2, clientTimeoutMs: 10_000 });
      console.log(JSON.stringify(partial, null, 2));
      failed = false;
      return;
    }
    const codeGuessing = await attackCodeGuessing(target);
    const replays = await attackReplays(target, { replays: 1_000, concurrency: 100 });
    const concurrentCode = await attackConcurrentCode(target, 50);
    const fuzz = await attackFuzz(target, { requests: args.num("fuzz-requests", quick ? 1_000 : 10_000), concurrency: 16, seed, deadlineSec: 300 });
    let pgRestart: PgRestartResult | { skipped: true; reason: string } = { skipped: true, reason: "--skip-pg-restart" };
    if (cluster) {
      pgRestart = await attackPgRestart(target, { cluster, downSec: 3, loginWorkers: 8, verifyWorkers: 2, clientTimeoutMs: 10_000 });
    }

    const pg = "skipped" in pgRestart ? null : pgRestart;
    const results = {
      time: started.toISOString(),
      finished: new Date().toISOString(),
      command,
      revision: gitRevision(),
      machine,
      codeGuessing,
      replays,
      concurrentCode,
      fuzz,
      pgRestart,
    };

    const rows: Array<Array<string | number>> = [
      ["Code guessing: attempts per hour / per day allowed by the limits", `${codeGuessing.limits.attemptsPerHour} / ${codeGuessing.limits.attemptsPerDay}`, "—", "—"],
      ["Code guessing: accepted by the server, per hour / per day (24 simulated hours)", `${codeGuessing.measured.attemptsPerHour} / ${codeGuessing.measured.attemptsPerDay}`, "—", "—"],
      ["Code guessing: probability of guessing a code in a day", `${sci(codeGuessing.limits.probabilityPerDay)} (limits), ${sci(codeGuessing.measured.probabilityPerDay)} (measured)`, "< 1e-4", verdict(codeGuessing.met)],
      ["Replays of a signed request accepted (1,000, 100 concurrent)", replays.controlAccepted ? replays.replaysAccepted : `— (${replays.controlAnswer} to a fresh signed request)`, "0", verdict(replays.met)],
      ["Sessions from 50 concurrent submissions of one right code", concurrentCode.sessionsCreated, "1", verdict(concurrentCode.met)],
      [`Fuzz (${fuzz.sent.toLocaleString("en")} requests): 5xx answers`, fuzz.serverErrors5xx, "0", verdict(fuzz.serverErrors5xx === 0)],
      ["Fuzz: malformed API bodies", fuzz.malformedApiBodies, "0", verdict(fuzz.malformedApiBodies === 0)],
      ["Fuzz: empty-bodied answers given before any route ran (odd methods, chunked GET/DELETE, headers > 16 KB)", `${fuzz.answeredBeforeRouting} (${fuzz.answeredBeforeRoutingUnderApi} under /<org>/v2)`, "—", "—"],
      ["Fuzz: uncaught exceptions logged by the server", fuzz.serverUncaughtExceptions, "—", "—"],
      ["Fuzz: healthy afterwards (health 200 and a login works)", String(fuzz.healthyAfter && fuzz.loginWorksAfter), "true", verdict(fuzz.healthyAfter && fuzz.loginWorksAfter)],
      ["PostgreSQL restart: answers during the outage", pg ? `${pg.outage.requests} requests: ${Object.entries(pg.outage.answers).map(([k, v]) => `${v} × ${k}`).join(", ")}` : "skipped", "clean 503 faults, none hung", pg ? verdict(pg.outage.unclean === 0 && pg.outage.hung === 0) : "not measured"],
      ["PostgreSQL restart: recovery (accepting connections → first login)", pg ? `${pg.recoveryMs ?? "never"} ms` : "skipped", "< 5 s", pg ? verdict(pg.recoveryMs !== null && pg.recoveryMs < 5_000) : "not measured"],
      ["PostgreSQL restart: lost or half-written verifications", pg ? pg.integrity.lostVerifications + pg.integrity.halfWrittenVerifications : "skipped", "0", pg ? verdict(pg.integrity.lostVerifications + pg.integrity.halfWrittenVerifications === 0) : "not measured"],
    ];
    const table = markdownTable(["Figure", "Value", "Target", "Result"], rows);
    console.log(`\n${table}\n`);
    if (replays.note) console.log(`  replays: ${replays.note}`);
    for (const e of fuzz.examples.slice(0, 10)) console.log(`  fuzz example: ${e.problem} — ${e.method} ${e.path} → ${e.status} ${e.body.slice(0, 100)} [${e.case}]`);

    if (!args.has("no-docs")) {
      mkdirSync(DOCS, { recursive: true });
      writeJson(path.join(DOCS, "attack-results.json"), results);
      const header = `Last run: ${started.toISOString()} · \`${command}\` · revision ${results.revision} · fuzz seed ${seed} · ` +
        `${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}`;
      updateMarkdownSection(path.join(DOCS, "benchmarks.md"), "attack-results", `${header}\n\n${table}`);
      log("attack", "wrote docs/attack-results.json and the table in docs/benchmarks.md");
    }
    failed = false;
  } finally {
    await stop();
    await db().$disconnect().catch(() => {});
    if (cluster) {
      await ensureRunning(cluster);
      log("pg", `pg_isready: PostgreSQL ${cluster.version}/${cluster.name} is accepting connections on port ${cluster.port}`);
    }
    if (failed || args.has("keep")) log("attack", `work directory kept: ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[attack] ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
