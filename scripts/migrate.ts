// Apply pending Prisma migrations to a database by running the Prisma CLI (`migrate deploy`) as a
// child process — the same command CI and production run, with our migration adapter
// (prisma.config.ts). Asynchronous on purpose: when the database is the embedded PGlite served
// from THIS process, a blocking spawnSync would starve the socket server and deadlock.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EMBEDDED_DATABASE_URL } from "../lib/env.ts";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PRISMA_BIN = path.join(PROJECT_ROOT, "node_modules", ".bin", "prisma");
// The WASM schema engine leaves long timers armed; this preload unrefs them so the CLI exits.
const UNREF_TIMERS = path.join(PROJECT_ROOT, "prisma", "tooling", "unref-wasm-timers.cjs");
const TIMEOUT_MS = 120_000;

export interface ApplyMigrationsOptions {
  /** The URL is an embedded PGlite (shadow databases are impossible there). Default: it is the
   * default embedded URL. */
  embedded?: boolean;
}

/** Run `prisma migrate deploy` against `databaseUrl`; throws with the CLI's output if it fails. */
export async function applyMigrations(databaseUrl: string, options: ApplyMigrationsOptions = {}): Promise<void> {
  const embedded = options.embedded ?? databaseUrl === EMBEDDED_DATABASE_URL;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${JSON.stringify(UNREF_TIMERS)}`].filter(Boolean).join(" "),
  };
  if (embedded) env.GATEHOUSE_EMBEDDED = "1";
  else delete env.GATEHOUSE_EMBEDDED;

  const { code, output } = await runCollectingOutput(PRISMA_BIN, ["migrate", "deploy"], env);
  if (code !== 0) {
    throw new Error(`prisma migrate deploy failed (${code}):\n${output.trim()}`);
  }
}

function runCollectingOutput(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: string | number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n(timed out after ${TIMEOUT_MS / 1000} s)`;
      child.kill("SIGKILL");
    }, TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: "spawn error", output: `${error.message}\n${output}` });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? "unknown", output });
    });
  });
}
