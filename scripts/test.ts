// `npm test`: the whole suite against real parts. Uses DATABASE_URL when set (PostgreSQL in CI),
// otherwise a throw-away embedded PGlite. Starts the fake Twilio server, builds and starts
// `next start`, then runs the unit tests (vitest) and the HTTP + browser tests (Playwright).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { findFreePort } from "./free-port.ts";
import { startNextServer, type RunningServer } from "./next-server.ts";
import { startFakeTwilio, FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN } from "./fake-twilio.ts";
import { startEmbeddedDatabase } from "./embedded-db.ts";
import { applyMigrations } from "./migrate.ts";

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

interface Counts { passed: number; failed: number; skipped: number }

function readVitestCounts(file: string): Counts {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const r = JSON.parse(readFileSync(file, "utf8"));
  return { passed: r.numPassedTests ?? 0, failed: (r.numFailedTests ?? 0) + (r.success === false && !r.numFailedTests ? 1 : 0), skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) };
}

function readPlaywrightCounts(file: string): Counts {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const s = JSON.parse(readFileSync(file, "utf8")).stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: (s.unexpected ?? 0), skipped: s.skipped ?? 0 };
}

/** The browser tests need Chromium: the Debian package (no browser downloads here). */
async function ensureChromium(): Promise<void> {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(chromium)) return;
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("[test] installing Debian's chromium for the browser tests ...");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    if ((await run("apt-get", ["update", "-qq"], env)) === 0 && (await run("apt-get", ["install", "-y", "-qq", "chromium"], env)) === 0) return;
  }
  throw new Error(`Chromium not found at ${chromium}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH.`);
}

async function main() {
  const only = process.argv.slice(2); // e.g. `npm test -- unit` or `npm test -- e2e e2e/api/login.spec.ts`
  const runUnit = only.length === 0 || only[0] === "unit";
  const runE2e = only.length === 0 || only[0] === "e2e";
  const e2eArgs = only[0] === "e2e" ? only.slice(1) : [];
  const work = mkdtempSync(path.join(tmpdir(), "gatehouse-test-"));
  const cleanups: Array<() => Promise<void>> = [];
  let exitCode = 1;
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const embedded = await startEmbeddedDatabase({ dataDir: path.join(work, "pglite"), port: await findFreePort() });
      cleanups.push(embedded.stop);
      databaseUrl = embedded.url;
      console.log(`[test] embedded database at ${databaseUrl}`);
    }
    await applyMigrations(databaseUrl);

    const twilio = await startFakeTwilio({ port: await findFreePort() });
    cleanups.push(twilio.close);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: process.env.DATABASE_URL ? "10" : "1",
      GATEHOUSE_SECRET: process.env.GATEHOUSE_SECRET ?? randomBytes(32).toString("base64url"),
      TWILIO_ACCOUNT_SID: FAKE_TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: FAKE_TWILIO_AUTH_TOKEN,
      TWILIO_FROM: "+15550000000",
      TWILIO_API_BASE: twilio.url,
      FAKE_TWILIO_URL: twilio.url,
      SMS_OUTBOX_FILE: path.join(work, "sms-outbox.jsonl"),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      GATEHOUSE_TEST_WORKDIR: work,
    };

    const counts: Counts[] = [];
    if (runUnit) {
      const out = path.join(work, "vitest.json");
      // Against the embedded database (one PostgreSQL session for every connection) test files run
      // one after another; against PostgreSQL they run in parallel.
      const serial = process.env.DATABASE_URL ? [] : ["--no-file-parallelism"];
      await run("node_modules/.bin/vitest", ["run", ...serial, "--reporter=default", "--reporter=json", `--outputFile=${out}`], { ...env, NODE_ENV: "test" });
      counts.push(readVitestCounts(out));
    }
    if (runE2e) {
      await ensureChromium();
      if (process.env.SKIP_BUILD !== "1" || !existsSync(".next/BUILD_ID")) {
        const built = await run("node_modules/.bin/next", ["build"], { ...env, NODE_ENV: "production" });
        if (built !== 0) throw new Error("next build failed");
      }
      const port = await findFreePort();
      const server: RunningServer = await startNextServer({
        port, env: { ...env, NODE_ENV: "production", NEXTAUTH_URL: `http://127.0.0.1:${port}` }, log: process.env.SERVER_LOG === "1" ? "inherit" : "ignore",
      });
      cleanups.push(server.stop);
      const out = path.join(work, "playwright.json");
      // The embedded database is one PostgreSQL session shared by every connection: keep test
      // workers to one there so its queue, not test timing, decides the order of work.
      const workers = process.env.DATABASE_URL ? [] : ["--workers=1"];
      await run("node_modules/.bin/playwright", ["test", ...workers, ...e2eArgs], {
        ...env, NODE_ENV: "test", BASE_URL: server.url, NEXTAUTH_URL: server.url, PLAYWRIGHT_JSON_OUTPUT_NAME: out,
      });
      counts.push(readPlaywrightCounts(out));
    }
    const total = counts.reduce((a, c) => ({ passed: a.passed + c.passed, failed: a.failed + c.failed, skipped: a.skipped + c.skipped }), { passed: 0, failed: 0, skipped: 0 });
    console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
    exitCode = total.failed === 0 && total.skipped === 0 && total.passed > 0 ? 0 : 1;
  } catch (error) {
    console.error(`[test] ${(error as Error).message}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

main();
