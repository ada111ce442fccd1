// `npm run dev`: the quick start. No database server, no configuration:
//   1. .data/ and a generated GATEHOUSE_SECRET (.data/secret, reused on every run)
//   2. the embedded PGlite database, unless DATABASE_URL is set
//   3. migrations, then the demo org/admin/app (idempotent)
//   4. a banner with everything needed to sign in, then `next dev` in its own process group.
// `npm run dev -- --prod` does the same with `next build` (if there is no build) + `next start`.
//
// Next runs in its own process group because Ctrl-C must reach it through us: we forward the
// signal, wait for it to exit, and only then stop the database it was using (the package's own
// `--run` flag orphans `next dev`, STACK-NOTES.md).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { constants as osConstants } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { EMBEDDED_DATABASE_URL } from "../lib/env.ts";
import { EMBEDDED_DEFAULT_PORT, startEmbeddedDatabase } from "./embedded-db.ts";
import { applyMigrations } from "./migrate.ts";
import { seedDemo, type DemoSeed } from "./seed.ts";
import {
  DATA_DIR, EMBEDDED_DATA_DIR, PROJECT_ROOT, deriveNextAuthSecret, ensureDataDir, loadDotEnvFiles,
  loadOrCreateLocalSecret,
} from "./local-env.ts";

const NEXT_BIN = path.join(PROJECT_ROOT, "node_modules", ".bin", "next");
const STOP_GRACE_MS = 10_000;

interface DevOptions {
  prod: boolean;
  port: number;
}

interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

function parseDevOptions(): DevOptions {
  const { values } = parseArgs({ options: { prod: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log("Usage: npm run dev [-- --prod]   (PORT=3000, DATABASE_URL=embedded by default)");
    process.exit(0);
  }
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Invalid PORT: ${process.env.PORT}`);
  return { prod: values.prod === true, port };
}

/** GATEHOUSE_SECRET from the environment, else the one in .data/secret (created on first run). */
function prepareSecret(): string {
  return process.env.GATEHOUSE_SECRET || loadOrCreateLocalSecret();
}

async function prepareDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url && url !== EMBEDDED_DATABASE_URL) return { url, embedded: false, stop: async () => {} };
  log(`starting the embedded database (${path.relative(PROJECT_ROOT, EMBEDDED_DATA_DIR)}) ...`);
  const embedded = await startEmbeddedDatabase({ dataDir: EMBEDDED_DATA_DIR, port: EMBEDDED_DEFAULT_PORT });
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}

/** Seed through lib/ (the same code paths as the app), then let go of the connection: against
 * PGlite every connection shares one session, and Next should be the only user from now on. */
async function seedDatabase(): Promise<DemoSeed> {
  const { db } = await import("../lib/db.ts");
  try {
    return await seedDemo(db());
  } finally {
    await db().$disconnect();
  }
}

async function describeSmsDelivery(): Promise<string> {
  const { getEnv } = await import("../lib/env.ts");
  const env = getEnv();
  if (env.twilio) return `sent by Twilio from ${env.twilio.from}`;
  return `written to ${env.SMS_OUTBOX_FILE} and echoed in this console (no Twilio configured)`;
}

function printBanner(o: { baseUrl: string; seed: DemoSeed; sms: string; database: Database; mode: string }): void {
  const rule = "─".repeat(78);
  const lines = [
    rule,
    ` Gatehouse (${o.mode}) → ${o.baseUrl}`,
    "",
    ` Sign in:        ${o.baseUrl}${o.seed.panelUrlPath}`,
    ` Demo admin:     ${o.seed.adminEmail}   password: ${o.seed.adminPassword}`,
    ` Demo app key:   ${o.seed.demoAppKey}   (Medable-Client-Key for ${o.baseUrl}/${o.seed.orgCode}/v2/...)`,
    ...(o.seed.demoAppSecret
      ? [` Demo app secret: ${o.seed.demoAppSecret}   (shown only this once)`]
      : []),
    ` SMS codes:      ${o.sms}`,
    ` Database:       ${o.database.embedded ? `embedded PGlite in ${path.relative(PROJECT_ROOT, EMBEDDED_DATA_DIR)} (${o.database.url})` : "DATABASE_URL"}`,
    ` Admin CLI:      npm run cli -- --help`,
    ` Stop:           Ctrl-C`,
    rule,
  ];
  console.log(lines.join("\n"));
}

function buildChildEnv(o: { databaseUrl: string; secret: string; port: number }): NodeJS.ProcessEnv {
  const baseUrl = `http://127.0.0.1:${o.port}`;
  return {
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    GATEHOUSE_SECRET: o.secret,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || deriveNextAuthSecret(o.secret),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL || baseUrl,
    PORT: String(o.port),
  };
}

/** --prod: build once; a later `rm -rf .next` (or `npm run build`) is how to rebuild. */
async function buildIfNeeded(env: NodeJS.ProcessEnv): Promise<void> {
  if (existsSync(path.join(PROJECT_ROOT, ".next", "BUILD_ID"))) return;
  log("no production build yet: running next build ...");
  const child = spawn(NEXT_BIN, ["build"], { cwd: PROJECT_ROOT, env: { ...env, NODE_ENV: "production" }, stdio: "inherit" });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`next build failed (exit code ${code})`);
}

function startNext(o: { prod: boolean; port: number; env: NodeJS.ProcessEnv }): ChildProcess {
  const args = [o.prod ? "start" : "dev", "-H", "127.0.0.1", "-p", String(o.port)];
  return spawn(NEXT_BIN, args, {
    cwd: PROJECT_ROOT,
    env: { ...o.env, NODE_ENV: o.prod ? "production" : "development" },
    // stdin ignored: a background process group reading the terminal would be stopped (SIGTTIN).
    stdio: ["ignore", "inherit", "inherit"],
    detached: true, // own process group: see the header comment
  });
}

/** Tell the user when the server really answers (first `next dev` compile takes a while). */
async function announceWhenReady(baseUrl: string, seed: DemoSeed, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(30_000) });
      if (res.ok) {
        log(`ready: sign in at ${baseUrl}${seed.panelUrlPath} as ${seed.adminEmail} / ${seed.adminPassword}`);
        return;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* the group is already gone */
  }
}

/** Forward SIGINT/SIGTERM to Next's group; when Next exits, stop the database and exit with its code. */
function superviseNext(child: ChildProcess, database: Database): void {
  let signalled = false;
  const forward = (signal: NodeJS.Signals) => {
    if (signalled) {
      signalGroup(child, "SIGKILL"); // a second Ctrl-C: the user means it
      return;
    }
    signalled = true;
    signalGroup(child, signal);
    setTimeout(() => signalGroup(child, "SIGKILL"), STOP_GRACE_MS).unref();
  };
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  process.on("SIGHUP", forward);
  // If this process dies for any other reason, don't leave Next running against a dead database.
  process.on("exit", () => {
    if (child.exitCode === null && child.signalCode === null) signalGroup(child, "SIGTERM");
  });

  child.on("exit", async (code, signal) => {
    signalGroup(child, "SIGTERM"); // stray workers of the group, if any
    await database.stop().catch(() => {});
    const signalCode = signal ? 128 + (osConstants.signals[signal] ?? 0) : 1;
    // A shutdown we asked for is a clean exit, whatever status Next reports for it.
    process.exit(signalled ? 0 : (code ?? signalCode));
  });
}

/** Ctrl-C while migrating or seeding: close the embedded database properly before exiting. */
function stopDatabaseOnSignal(database: Database): () => void {
  const onSignal = () => {
    log("interrupted: stopping the database ...");
    void database.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}

function log(message: string): void {
  console.log(`[gatehouse] ${message}`);
}

async function main(): Promise<void> {
  const options = parseDevOptions();
  loadDotEnvFiles();
  ensureDataDir();
  const secret = prepareSecret();
  const database = await prepareDatabase();
  const releaseSignals = stopDatabaseOnSignal(database);
  try {
    // lib/ reads its environment once, on first use: settle it before seeding.
    process.env.DATABASE_URL = database.url;
    process.env.GATEHOUSE_SECRET = secret;
    log("applying migrations ...");
    await applyMigrations(database.url, { embedded: database.embedded });
    const seed = await seedDatabase();
    const env = buildChildEnv({ databaseUrl: database.url, secret, port: options.port });
    if (options.prod) await buildIfNeeded(env);
    const baseUrl = `http://127.0.0.1:${options.port}`;
    printBanner({ baseUrl, seed, sms: await describeSmsDelivery(), database, mode: options.prod ? "next start" : "next dev" });
    releaseSignals();
    const child = startNext({ prod: options.prod, port: options.port, env });
    superviseNext(child, database);
    void announceWhenReady(baseUrl, seed, child);
  } catch (error) {
    await database.stop().catch(() => {});
    throw error;
  }
}

main().catch((error) => {
  console.error(`[gatehouse] ${(error as Error).message}`);
  console.error(`[gatehouse] (data lives in ${path.relative(PROJECT_ROOT, DATA_DIR)}/)`);
  process.exit(1);
});
