// Shared plumbing for `npm run bench` and `npm run attack`: a dedicated database (dropped and
// recreated), the production server (`next start`) with SMS going to an outbox file, machine facts,
// child processes that answer in JSON, percentiles, and small output helpers.
import { execSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { findFreePort, waitForHttp } from "../free-port.ts";
import { stopProcessGroup, type RunningServer } from "../next-server.ts";
import { applyMigrations } from "../migrate.ts";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const TSX_BIN = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");

/** The short git revision, "+dirty" when tracked files have changed, "unknown" outside git. */
export function gitRevision(): string {
  try {
    const rev = execSync("git rev-parse --short HEAD", { cwd: PROJECT_ROOT }).toString().trim();
    const dirty = execSync("git status --porcelain --untracked-files=no", { cwd: PROJECT_ROOT }).toString().trim() !== "";
    return dirty ? `${rev}+dirty` : rev;
  } catch {
    return "unknown";
  }
}

/** DATABASE_URL when it names a database of this harness (it is dropped and recreated!), else `fallback`. */
export function harnessDatabaseUrl(kind: "bench" | "attack", fallback: string): string {
  const env = process.env.DATABASE_URL;
  if (env && new RegExp(kind, "i").test(new URL(env).pathname)) return env;
  if (env) log("setup", `DATABASE_URL does not name a *${kind}* database; using ${fallback} instead`);
  return fallback;
}

export function log(tag: string, message: string): void {
  const t = new Date().toISOString().slice(11, 19);
  console.log(`[${t}] [${tag}] ${message}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Arguments: `--flag`, `--key value`, `--key=value`.

export function readArgs(argv: string[]): { has(name: string): boolean; get(name: string): string | undefined; num(name: string, fallback: number): number } {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0 && argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) return argv[i + 1];
    return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  return {
    has: (name) => argv.includes(`--${name}`) || argv.some((a) => a.startsWith(`--${name}=`)),
    get,
    num: (name, fallback) => {
      const v = get(name);
      if (v === undefined) return fallback;
      const n = Number(v.replace(/_/g, ""));
      if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${v}"`);
      return n;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Statistics

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  count: number;
}

/** Nearest-rank percentiles (ms, 2 decimals) of a list of samples. */
export function latencySummary(samples: ArrayLike<number>): Latency {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  const pick = (p: number) => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]);
  let sum = 0;
  for (const v of sorted) sum += v;
  const r2 = (v: number) => Math.round(v * 100) / 100;
  return { p50: r2(pick(50)), p95: r2(pick(95)), p99: r2(pick(99)), mean: r2(n ? sum / n : 0), max: r2(n ? sorted[n - 1] : 0), count: n };
}

export const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// Machine facts, recorded with every result so runs can be compared.

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  os: string;
  hostname: string;
  loadAverageAtStart: number[];
}

export async function machineInfo(databaseUrl: string): Promise<MachineInfo> {
  let cpuModel = os.cpus()[0]?.model ?? "unknown";
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"));
    if (line) cpuModel = line.split(":").slice(1).join(":").trim();
  } catch {
    /* not Linux */
  }
  let postgres = "unknown";
  try {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    postgres = (await client.query("SHOW server_version")).rows[0].server_version;
    await client.end();
  } catch {
    /* reported as unknown */
  }
  return {
    cores: os.availableParallelism(),
    cpuModel,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    postgres,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    hostname: os.hostname(),
    loadAverageAtStart: os.loadavg().map((v) => round(v, 2)),
  };
}

// ---------------------------------------------------------------------------------------------
// The dedicated database

/**
 * Drop and recreate the database named by `url`. Only databases whose name says they are for
 * benchmarks or attacks are ever dropped, so a stray DATABASE_URL cannot cost anyone their data.
 */
export async function recreateDatabase(url: string): Promise<void> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!/bench|attack/i.test(name) || !/^[A-Za-z0-9_]+$/.test(name)) {
    throw new Error(`Refusing to drop database "${name}": use a dedicated database whose name contains "bench" or "attack".`);
  }
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The server

export interface Stack {
  url: string;
  server: RunningServer;
  serverLog: string;
  outboxFile: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * Prepare the database, build if there is no production build, and start `next start` with SMS
 * going to an outbox file. Sets DATABASE_URL and GATEHOUSE_SECRET in this process too, so the
 * harness can create data through lib/ with the same keys as the server.
 */
export async function startStack(opts: { databaseUrl: string; workDir: string; forceBuild?: boolean; poolMax?: number; serverEnv?: NodeJS.ProcessEnv; nodeArgs?: string[] }): Promise<Stack> {
  const secret = randomBytes(32).toString("base64url");
  process.env.DATABASE_URL = opts.databaseUrl;
  process.env.GATEHOUSE_SECRET = secret;

  log("setup", `recreating database ${new URL(opts.databaseUrl).pathname.slice(1)} and applying migrations`);
  await recreateDatabase(opts.databaseUrl);
  await applyMigrations(opts.databaseUrl);

  const outboxFile = path.join(opts.workDir, "sms-outbox.jsonl");
  writeFileSync(outboxFile, "");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: opts.databaseUrl,
    DATABASE_POOL_MAX: String(opts.poolMax ?? 10),
    GATEHOUSE_SECRET: secret,
    SMS_OUTBOX_FILE: outboxFile,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // No Twilio variables: SMS go to the outbox file, which the harness reads.
  for (const k of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "TWILIO_API_BASE"]) delete env[k];

  if (opts.forceBuild || !existsSync(path.join(PROJECT_ROOT, ".next", "BUILD_ID"))) {
    log("setup", "no production build (.next/BUILD_ID): running next build");
    const code = await runInherit(path.join(PROJECT_ROOT, "node_modules", ".bin", "next"), ["build"], env);
    if (code !== 0) throw new Error(`next build failed (${code})`);
  }

  const port = await findFreePort();
  const serverLog = path.join(opts.workDir, "server.log");
  env.NEXTAUTH_URL = `http://127.0.0.1:${port}`;
  const server = await startNextServerLogged(port, { ...env, ...(opts.serverEnv ?? {}) }, serverLog, opts.nodeArgs ?? []);
  log("setup", `next start on ${server.url} (log: ${serverLog})`);
  return { url: server.url, server, serverLog, outboxFile, env, stop: () => server.stop() };
}

/** scripts/next-server.ts's startNextServer, with the server's output kept in a file (it can only
 * inherit or ignore), so a fault seen under load can be traced to its log line. */
async function startNextServerLogged(port: number, env: NodeJS.ProcessEnv, logFile: string, nodeArgs: string[]): Promise<RunningServer> {
  const fd = openSync(logFile, "a");
  const nextBin = path.join(PROJECT_ROOT, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [...nodeArgs, nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: PROJECT_ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", fd, fd],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`next start exited early with code ${code}; see ${logFile}`))));
  exited.catch(() => {});
  await Promise.race([waitForHttp(`${url}/api/health`, 60_000), exited]);
  return { url, child, stop: () => stopProcessGroup(child) };
}

export function runInherit(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: PROJECT_ROOT, env, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Run a TypeScript script as a separate process (so its CPU use is its own, like a real client)
 * and parse the JSON document it prints last on stdout.
 */
export function runJsonChild<T>(script: string, input: unknown, opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void } = {}): Promise<T> {
  // The input goes through a file: a pool of prepared requests is too big for the environment.
  const inputFile = path.join(mkdtempSync(path.join(os.tmpdir(), "gatehouse-child-")), "input.json");
  writeFileSync(inputFile, JSON.stringify(input));
  return new Promise<T>((resolve, reject) => {
    const child = spawn(TSX_BIN, [script], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...(opts.env ?? {}), BENCH_INPUT_FILE: inputFile },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    let pending = "";
    child.stdout.on("data", (c) => {
      out += c;
      pending += c;
      let nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        opts.onLine?.(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 600_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const last = out.trim().split("\n").filter(Boolean).pop() ?? "";
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(last) as T);
      } catch (e) {
        reject(new Error(`${path.basename(script)} failed (${(e as Error).message}): ${out.slice(-2000)}`));
      }
    });
  }).finally(() => rmSync(path.dirname(inputFile), { recursive: true, force: true }));
}

/** The JSON input a child started by runJsonChild was given. */
export function readChildInput<T>(): T {
  const file = process.env.BENCH_INPUT_FILE;
  return JSON.parse(file ? readFileSync(file, "utf8") : (process.env.BENCH_INPUT ?? "{}")) as T;
}

// ---------------------------------------------------------------------------------------------
// SMS outbox (the server appends {"to","body","at"} lines)

export function readOutboxCodes(file: string, to: string): string[] {
  if (!existsSync(file)) return [];
  const codes: string[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const m = JSON.parse(line) as { to: string; body: string };
      const code = /\b(\d{6})\b/.exec(m.body)?.[1];
      if (m.to === to && code) codes.push(code);
    } catch {
      /* a partial line being written */
    }
  }
  return codes;
}

/** Wait for the n-th (1-based) code texted to `to`. */
export async function waitForCode(file: string, to: string, nth: number, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const codes = readOutboxCodes(file, to);
    if (codes.length >= nth) return codes[nth - 1];
    if (Date.now() > deadline) throw new Error(`no code #${nth} for ${to} in ${file}`);
    await sleep(25);
  }
}

// ---------------------------------------------------------------------------------------------
// Output

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

/** Replace the text between `<!-- name:begin -->` and `<!-- name:end -->` in a Markdown file. */
export function updateMarkdownSection(file: string, name: string, content: string): boolean {
  if (!existsSync(file)) return false;
  const text = readFileSync(file, "utf8");
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return false;
  writeFileSync(file, text.slice(0, i + begin.length) + "\n" + content.trim() + "\n" + text.slice(j));
  return true;
}

export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map(String).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function verdict(met: boolean | null): string {
  return met === null ? "not measured" : met ? "met" : "MISSED";
}
