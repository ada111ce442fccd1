// `npm run bench` — speed and scale as measured facts, each target a ratio taken in the same run so a
// noisy machine distorts numerator and denominator alike. Not part of the test suite.
//
//   npm run bench                     full run (~6 min with the 1M-account scale phase)
//   npm run bench -- --quick          a few seconds per phase, 100k accounts for the scale phase
//   options: --skip-scale  --scale-accounts N  --login-connections N  --read-connections N
//            --build (force next build)  --keep (keep the work directory with the server log)
//            --no-docs (do not write docs/bench-results.json, charts or the docs table)
//
// The database is DATABASE_URL when it names a dedicated *bench* database, else
// postgresql://postgres@127.0.0.1:5432/gatehouse_bench; it is dropped and recreated.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { db } from "../lib/db.ts";
import {
  PROJECT_ROOT, gitRevision, harnessDatabaseUrl, log, machineInfo, markdownTable, readArgs, round, runJsonChild, startStack, updateMarkdownSection,
  verdict, writeJson, type Stack,
} from "./bench/common.ts";
import type { Argon2RateResult } from "./bench/argon2-rate.ts";
import { runLoad, type LoadResult } from "./bench/load.ts";
import { measurePageWeight, type PageWeight } from "./bench/page-weight.ts";
import { insertAccounts, makePool, settle, tableCounts } from "./bench/scale.ts";
import { BENCH_PASSWORD, loginPoolItems, setupBenchData, type BenchData } from "./bench/setup-data.ts";
import { barChartSvg, renderPngs } from "./bench/chart.ts";

const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/gatehouse_bench";
const DOCS = path.join(PROJECT_ROOT, "docs");

const TARGETS = {
  loginRatio: 0.85,
  signedRatio: 0.7,
  scaleP99Ratio: 1.2,
  pageJsGzipKB: 120,
};

interface Figure {
  value: number | null;
  target: string;
  met: boolean | null;
  note?: string;
}

/** Sign in `n` pool accounts over HTTP and return their cookies (for the cookie-session phase). */
async function openSessions(stack: Stack, data: BenchData, n: number): Promise<Array<{ headers: Record<string, string> }>> {
  const items = [];
  for (const member of data.pool.slice(0, n)) {
    const res = await fetch(`${stack.url}/${data.org.code}/v2/accounts/login`, {
      method: "POST",
      headers: {
        "Medable-Client-Key": data.sessionApp.key, "Content-Type": "application/json",
        Cookie: `md.fingerprint=${encodeURIComponent(member.fingerprintCookie)}`,
      },
      body: JSON.stringify({ email: member.email, password: BENCH_PASSWORD }),
    });
    const body = (await res.json()) as { object?: string; code?: string };
    if (body.object !== "account") throw new Error(`setup login failed: ${JSON.stringify(body)}`);
    const sid = res.headers.getSetCookie().map((c) => /^md\.sid=([^;]*)/.exec(c)?.[1]).find(Boolean);
    items.push({
      headers: {
        "Medable-Client-Key": data.sessionApp.key,
        Cookie: `md.fingerprint=${encodeURIComponent(member.fingerprintCookie)}; md.sid=${sid}`,
      },
    });
  }
  return items;
}

async function argon2Rate(durationSec: number): Promise<Argon2RateResult> {
  const r = await runJsonChild<Argon2RateResult>(path.join(PROJECT_ROOT, "scripts", "bench", "argon2-rate.ts"), { durationSec });
  log("argon2", `verify ${r.verifyPerSec}/s (p50 ${r.verifyLatency.p50} ms, ${r.verifyCpuMs} ms CPU each), hash ${r.hashPerSec}/s at concurrency ${r.concurrency}`);
  return r;
}

const phaseSummary = (r: LoadResult) => ({
  okPerSec: r.rps, connections: r.connections, durationSec: r.durationSec, responses: r.responses,
  p50: r.latency.p50, p95: r.latency.p95, p99: r.latency.p99, max: r.latency.max,
  errors: r.errors, non2xx: r.non2xx, unexpectedBodies: r.unexpectedBodies, connectionErrors: r.connectionErrors, timeouts: r.timeouts,
  statusCodes: r.statusCodes, errorSamples: r.errorSamples,
  cpu: r.cpu ?? null,
});

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const quick = args.has("quick");
  const pick = (full: number, q: number) => (quick ? q : full);
  const cores = os.availableParallelism();
  const cfg = {
    mode: quick ? "quick" : "full",
    loginSec: pick(30, 4),
    readSec: pick(20, 3),
    scaleSec: pick(30, 4),
    warmupSec: pick(5, 1),
    argon2Sec: pick(10, 2),
    renders: pick(100, 10),
    loginConnections: args.num("login-connections", 4 * cores),
    readConnections: args.num("read-connections", 16 * cores),
    scaleConnections: args.num("scale-connections", cores),
    baseAccounts: 1_000,
    locationsPerAccount: 3,
    poolSize: 1_000,
    scaleAccounts: args.num("scale-accounts", pick(1_000_000, 100_000)),
    skipScale: args.has("skip-scale"),
  };
  const url = harnessDatabaseUrl("bench", DEFAULT_DATABASE_URL);
  const workDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-"));
  const started = new Date();
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  let stack: Stack | null = null;
  let failed = true;
  const stop = async () => {
    await stack?.stop().catch(() => {});
    stack = null;
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  process.once("SIGTERM", () => void stop().then(() => process.exit(143)));

  try {
    const machine = await machineInfo(url);
    log("bench", `${cfg.mode} run on ${machine.cores} × ${machine.cpuModel}, load average ${machine.loadAverageAtStart.join(" ")}`);
    stack = await startStack({ databaseUrl: url, workDir, forceBuild: args.has("build") });
    const data = await setupBenchData(url, { accounts: cfg.baseAccounts, locationsPerAccount: cfg.locationsPerAccount, poolSize: cfg.poolSize });
    await settle(url);
    const orgBase = `/${data.org.code}/v2`;
    const cpuTarget = { serverPid: stack.server.child.pid!, databaseUrl: url };
    const load = (name: string, input: Parameters<typeof runLoad>[1]) => runLoad(name, input, cpuTarget);
    const loginRequest = { kind: "pool" as const, method: "POST", path: `${orgBase}/accounts/login`, items: loginPoolItems(data) };

    // 1. Password login throughput against the raw argon2id rate (measured just before and after).
    const argonBefore = await argon2Rate(cfg.argon2Sec);
    const login = await load("login", {
      url: stack.url, connections: cfg.loginConnections, durationSec: cfg.loginSec, warmupSec: cfg.warmupSec,
      request: loginRequest, expectObject: "account",
    });
    const argonAfter = await argon2Rate(cfg.argon2Sec);
    const argonVerify = (argonBefore.verifyPerSec + argonAfter.verifyPerSec) / 2;
    const loginRatio = round(login.rps / argonVerify, 3);

    // 2. Signed GET /accounts/me against an unauthenticated route through the same door.
    const unauth = await load("unauthenticated status", {
      url: stack.url, connections: cfg.readConnections, durationSec: cfg.readSec, warmupSec: cfg.warmupSec,
      request: { kind: "plain", method: "GET", path: `${orgBase}/accounts/status`, headers: { "Medable-Client-Key": data.sessionApp.key } },
      expectObject: "result",
    });
    const signed = await load("signed me", {
      url: stack.url, connections: cfg.readConnections, durationSec: cfg.readSec, warmupSec: cfg.warmupSec,
      request: {
        kind: "signed", method: "GET", path: `${orgBase}/accounts/me`, command: "/accounts/me",
        apiKey: data.signatureApp.key, apiSecret: data.signatureApp.secret,
        headers: { "Medable-Client-Account": data.pool[0].accountId },
      },
      expectObject: "account",
    });
    const sessions = await openSessions(stack, data, 16);
    const cookieMe = await load("cookie-session me", {
      url: stack.url, connections: cfg.readConnections, durationSec: cfg.readSec, warmupSec: cfg.warmupSec,
      request: { kind: "pool", method: "GET", path: `${orgBase}/accounts/me`, items: sessions },
      expectObject: "account",
    });
    const health = await load("health", {
      url: stack.url, connections: cfg.readConnections, durationSec: cfg.readSec, warmupSec: 0,
      request: { kind: "plain", method: "GET", path: "/api/health" },
    });
    const signedRatio = unauth.rps > 0 ? round(signed.rps / unauth.rps, 3) : 0;

    // 3. Panel page weight.
    const page: PageWeight = await measurePageWeight(stack.url, data.org.code, cfg.renders);
    log("page", `${page.url}: HTTP ${page.status}, ${page.scripts.length} scripts, ${page.jsGzipKB} kB gzip JS, render p50 ${page.render.p50} ms`);

    // 4. Scale: login latency with 1k accounts, then with the scale population.
    let scale: Record<string, unknown> = { skipped: true };
    let scaleFigure: Figure = { value: null, target: `p99(1M) ≤ ${TARGETS.scaleP99Ratio} × p99(1k)`, met: null, note: "skipped (--skip-scale)" };
    let scale1k: LoadResult | null = null;
    let scaleBig: LoadResult | null = null;
    if (!cfg.skipScale) {
      scale1k = await load(`login at ${cfg.baseAccounts.toLocaleString("en")} accounts`, {
        url: stack.url, connections: cfg.scaleConnections, durationSec: cfg.scaleSec, warmupSec: cfg.warmupSec,
        request: loginRequest, expectObject: "account",
      });
      const countsBefore = await tableCounts(url);
      log("scale", `inserting accounts ${cfg.baseAccounts + 1}–${cfg.scaleAccounts} with ${cfg.locationsPerAccount} locations each`);
      const inserted = await insertAccounts(url, {
        orgId: data.org.id, appId: data.sessionApp.id, passwordHash: data.passwordHash, locationsPerAccount: cfg.locationsPerAccount,
      }, cfg.baseAccounts + 1, cfg.scaleAccounts);
      const bigPool = await makePool(url, cfg.scaleAccounts, cfg.poolSize);
      const settleSec = await settle(url);
      const counts = await tableCounts(url);
      log("scale", `${counts.accounts.toLocaleString("en")} accounts, ${counts.locations.toLocaleString("en")} locations (insert ${inserted.seconds} s, vacuum/analyze ${settleSec} s)`);
      scaleBig = await load(`login at ${counts.accounts.toLocaleString("en")} accounts`, {
        url: stack.url, connections: cfg.scaleConnections, durationSec: cfg.scaleSec, warmupSec: cfg.warmupSec,
        request: { ...loginRequest, items: loginPoolItems(data, bigPool) }, expectObject: "account",
      });
      const ratio = scale1k.latency.p99 > 0 ? round(scaleBig.latency.p99 / scale1k.latency.p99, 3) : null;
      scale = {
        connections: cfg.scaleConnections,
        small: { accounts: countsBefore.accounts, locations: countsBefore.locations, ...phaseSummary(scale1k) },
        large: { accounts: counts.accounts, locations: counts.locations, ...phaseSummary(scaleBig) },
        insertSeconds: inserted.seconds,
        vacuumAnalyzeSeconds: settleSec,
        poolSize: bigPool.length,
      };
      scaleFigure = {
        value: ratio, target: `≤ ${TARGETS.scaleP99Ratio}`, met: ratio === null ? null : ratio <= TARGETS.scaleP99Ratio,
        note: `p99 ${scaleBig.latency.p99} ms at ${counts.accounts.toLocaleString("en")} accounts / ${counts.locations.toLocaleString("en")} locations vs ${scale1k.latency.p99} ms at ${countsBefore.accounts.toLocaleString("en")}`,
      };
    }

    // ---- figures
    const signedNote = signed.errors > 0 && signed.rps === 0
      ? `every signed request failed (${JSON.stringify(signed.statusCodes)}; e.g. ${signed.errorSamples[0]?.slice(0, 140)}): signature auth is not answering on this build`
      : undefined;
    const figures: Record<string, Figure> = {
      loginThroughputRatio: {
        value: loginRatio, target: `≥ ${TARGETS.loginRatio}`, met: loginRatio >= TARGETS.loginRatio,
        note: `${login.rps} logins/s vs argon2id verify ${round(argonVerify, 1)}/s (before ${argonBefore.verifyPerSec}, after ${argonAfter.verifyPerSec}) at concurrency ${argonBefore.concurrency}`,
      },
      signedMeRatio: signedNote
        ? { value: null, target: `≥ ${TARGETS.signedRatio}`, met: null, note: signedNote }
        : {
            value: signedRatio, target: `≥ ${TARGETS.signedRatio}`, met: signedRatio >= TARGETS.signedRatio,
            note: `${signed.rps}/s signed GET /accounts/me vs ${unauth.rps}/s unauthenticated GET /accounts/status`,
          },
      cookieSessionMeRatio: {
        value: unauth.rps > 0 ? round(cookieMe.rps / unauth.rps, 3) : null, target: "reported (same door, session instead of signature)", met: null,
        note: `${cookieMe.rps}/s cookie-session GET /accounts/me vs ${unauth.rps}/s unauthenticated GET /accounts/status`,
      },
      scaleP99Ratio: scaleFigure,
      panelLoginFirstLoadJsKB: page.pageExists
        ? { value: page.jsGzipKB, target: `≤ ${TARGETS.pageJsGzipKB} kB gzip`, met: page.jsGzipKB <= TARGETS.pageJsGzipKB, note: `${page.scripts.length} scripts` }
        : { value: null, target: `≤ ${TARGETS.pageJsGzipKB} kB gzip`, met: null, note: `${page.url} answered HTTP ${page.status}: no panel sign-in page on this build (the 404 page loads ${page.jsGzipKB} kB gzip JS)` },
      panelLoginRenderMs: { value: page.render.p50, target: "reported (p50)", met: null, note: `p95 ${page.render.p95} ms, p99 ${page.render.p99} ms over ${page.render.count} sequential requests (HTTP ${page.status})` },
    };

    const finished = new Date();
    const results = {
      time: started.toISOString(),
      finished: finished.toISOString(),
      command,
      mode: cfg.mode,
      revision: gitRevision(),
      machine,
      noisyMachine: "Numbers from a shared machine are noisy; the ratios are taken within one run to cancel most of it.",
      config: cfg,
      loginThroughputRatio: { ...figures.loginThroughputRatio, loginPerSec: login.rps, argon2VerifyPerSec: round(argonVerify, 1), argon2: { before: argonBefore, after: argonAfter } },
      signedMeRatio: { ...figures.signedMeRatio, signedPerSec: signed.rps, unauthenticatedPerSec: unauth.rps, cookieSession: figures.cookieSessionMeRatio },
      scaleLogin: { ...figures.scaleP99Ratio, ...scale },
      panelPageWeight: { ...figures.panelLoginFirstLoadJsKB, renderMs: page.render, page },
      phases: {
        login: phaseSummary(login),
        unauthenticatedStatus: phaseSummary(unauth),
        signedMe: phaseSummary(signed),
        cookieSessionMe: phaseSummary(cookieMe),
        health: phaseSummary(health),
        ...(scale1k ? { scaleLoginSmall: phaseSummary(scale1k) } : {}),
        ...(scaleBig ? { scaleLoginLarge: phaseSummary(scaleBig) } : {}),
      },
    };

    // ---- summary
    const rows: Array<Array<string | number>> = [
      ["Login throughput ÷ argon2id verify rate", figures.loginThroughputRatio.value ?? "—", figures.loginThroughputRatio.target, verdict(figures.loginThroughputRatio.met)],
      ["Signed GET /accounts/me ÷ unauthenticated route", figures.signedMeRatio.value ?? "—", figures.signedMeRatio.target, verdict(figures.signedMeRatio.met)],
      ["(for comparison) cookie-session GET /accounts/me ÷ unauthenticated route", figures.cookieSessionMeRatio.value ?? "—", "—", "—"],
      ["Login p99 at 1M ÷ p99 at 1k accounts", figures.scaleP99Ratio.value ?? "—", figures.scaleP99Ratio.target, verdict(figures.scaleP99Ratio.met)],
      ["/<org>/login first-load JS (gzip kB)", figures.panelLoginFirstLoadJsKB.value ?? "—", figures.panelLoginFirstLoadJsKB.target, verdict(figures.panelLoginFirstLoadJsKB.met)],
      ["/<org>/login server render p50 (ms)", figures.panelLoginRenderMs.value ?? "—", figures.panelLoginRenderMs.target, "—"],
    ];
    const phaseRows = Object.entries(results.phases).map(([name, p]) => [
      name, p.connections, p.okPerSec, p.p50, p.p95, p.p99, p.errors,
      p.cpu ? `${p.cpu.perRequestMs.serverMainThread} / ${p.cpu.perRequestMs.serverOtherThreads} / ${p.cpu.perRequestMs.postgres} / ${p.cpu.perRequestMs.loadGenerator}` : "—",
      p.cpu ? `${p.cpu.sharePct.otherProcesses} %` : "—",
    ]);
    const figureTable = markdownTable(["Figure", "Value", "Target", "Result"], rows);
    const phaseTable = markdownTable(
      ["Phase", "Connections", "OK/s", "p50 ms", "p95 ms", "p99 ms", "Errors", "CPU ms per response: server event loop / server threads (argon2) / PostgreSQL / load generator", "CPU used by other processes"],
      phaseRows,
    );
    console.log(`\n${figureTable}\n\n${phaseTable}\n`);
    for (const [name, f] of Object.entries(figures)) if (f.note) console.log(`  ${name}: ${f.note}`);

    if (!args.has("no-docs")) {
      mkdirSync(DOCS, { recursive: true });
      writeJson(path.join(DOCS, "bench-results.json"), results);
      await renderPngs(charts({ argonBefore, argonAfter, login, unauth, signed, cookieMe, health, scale1k, scaleBig, loginRatio, signedRatio, accounts: results.scaleLogin }));
      const header = `Last run: ${started.toISOString()} · \`${command}\` · ${cfg.mode} mode · revision ${results.revision} · ` +
        `${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres} · load average at start ${machine.loadAverageAtStart.join(" ")}`;
      updateMarkdownSection(path.join(DOCS, "benchmarks.md"), "bench-results", `${header}\n\n${figureTable}\n\n${phaseTable}`);
      log("bench", "wrote docs/bench-results.json, docs/bench-*.png and the table in docs/benchmarks.md");
    }
    failed = false;
  } finally {
    await stop();
    await db().$disconnect().catch(() => {});
    if (failed || args.has("keep")) log("bench", `work directory kept: ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

function charts(
  r: {
    argonBefore: Argon2RateResult; argonAfter: Argon2RateResult; login: LoadResult; unauth: LoadResult; signed: LoadResult;
    cookieMe: LoadResult; health: LoadResult; scale1k: LoadResult | null; scaleBig: LoadResult | null; loginRatio: number; signedRatio: number;
    accounts: Record<string, unknown>;
  },
) {
  const argon = (r.argonBefore.verifyPerSec + r.argonAfter.verifyPerSec) / 2;
  const out = [
    {
      file: path.join(DOCS, "bench-login.png"),
      svg: barChartSvg({
        title: "Password login throughput vs raw argon2id verify rate",
        subtitle: `ratio ${r.loginRatio} (target ≥ ${TARGETS.loginRatio}) · ${r.argonBefore.concurrency} cores, m=19 MiB t=2 p=1`,
        unit: "operations per second", series: ["per second"],
        groups: [
          { label: "argon2id verify\n(before)", values: [r.argonBefore.verifyPerSec] },
          { label: "argon2id verify\n(after)", values: [r.argonAfter.verifyPerSec] },
          { label: `login, full HTTP\n(${r.login.connections} connections)`, values: [r.login.rps] },
        ],
        lines: [{ value: argon * TARGETS.loginRatio, label: `target: ${TARGETS.loginRatio} × argon2id` }],
      }),
    },
    {
      file: path.join(DOCS, "bench-reads.png"),
      svg: barChartSvg({
        title: "Authenticated reads vs an unauthenticated route",
        subtitle: `signed ÷ unauthenticated = ${r.signedRatio} (target ≥ ${TARGETS.signedRatio}); failed requests do not count`,
        unit: "successful requests per second", series: ["per second"],
        groups: [
          { label: "GET /accounts/status\n(no session)", values: [r.unauth.rps] },
          { label: "GET /accounts/me\n(signed)", values: [r.signed.rps] },
          { label: "GET /accounts/me\n(cookie session)", values: [r.cookieMe.rps] },
          { label: "GET /api/health", values: [r.health.rps] },
        ],
        lines: [{ value: r.unauth.rps * TARGETS.signedRatio, label: `target: ${TARGETS.signedRatio} × unauthenticated` }],
      }),
    },
    {
      file: path.join(DOCS, "bench-latency.png"),
      svg: barChartSvg({
        title: "Latency per load phase", subtitle: "every response, on loopback; autocannon in a separate process",
        unit: "milliseconds", series: ["p50", "p95", "p99"],
        groups: [
          ["login", r.login], ["status (no session)", r.unauth], ["me (signed)", r.signed], ["me (cookie)", r.cookieMe], ["health", r.health],
          ...(r.scale1k ? [["login, 1k accts", r.scale1k] as const] : []), ...(r.scaleBig ? [["login, large", r.scaleBig] as const] : []),
        ].map(([label, p]) => ({ label: `${label}\n${(p as LoadResult).connections} conn.`, values: [(p as LoadResult).latency.p50, (p as LoadResult).latency.p95, (p as LoadResult).latency.p99] })),
      }),
    },
  ];
  if (r.scale1k && r.scaleBig) {
    const large = r.accounts.large as { accounts: number; locations: number };
    const small = r.accounts.small as { accounts: number; locations: number };
    out.push({
      file: path.join(DOCS, "bench-scale.png"),
      svg: barChartSvg({
        title: "Login latency as the data grows",
        subtitle: `${r.scale1k.connections} connections; target p99(large) ≤ ${TARGETS.scaleP99Ratio} × p99(1k)`,
        unit: "milliseconds", series: ["p50", "p95", "p99"],
        groups: [
          { label: `${small.accounts.toLocaleString("en")} accounts\n${small.locations.toLocaleString("en")} locations`, values: [r.scale1k.latency.p50, r.scale1k.latency.p95, r.scale1k.latency.p99] },
          { label: `${large.accounts.toLocaleString("en")} accounts\n${large.locations.toLocaleString("en")} locations`, values: [r.scaleBig.latency.p50, r.scaleBig.latency.p95, r.scaleBig.latency.p99] },
        ],
        markers: [{ group: 1, value: r.scale1k.latency.p99 * TARGETS.scaleP99Ratio, label: `target p99 ≤ ${round(r.scale1k.latency.p99 * TARGETS.scaleP99Ratio, 1)} ms` }],
      }),
    });
  }
  return out;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[bench] ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
