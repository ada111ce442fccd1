// PostgreSQL restarted under a login load. While verified-location logins and new-location
// verifications run, the cluster is stopped (pg_ctlcluster … stop), left down ~3 s, and started
// again. Recorded: every answer during the outage (each must be a clean JSON fault — 503
// kUnavailable or another fault — never a 500 with a stack, never a hang past the client timeout),
// the time from PostgreSQL accepting connections again to the first successful login, and the
// integrity of what was written: no verification lost or half-written, no orphan rows.
//
// STOPPING POSTGRESQL BREAKS EVERY OTHER USER OF THE CLUSTER. `npm run attack -- --skip-pg-restart`
// skips this phase. PostgreSQL is started again in a finally block and on SIGINT/SIGTERM, and the
// phase ends by checking pg_isready.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { db } from "../../lib/db.ts";
import { hashSessionToken } from "../../lib/auth/tokens.ts";
import { log, readOutboxCodes, sleep } from "../bench/common.ts";
import { codeFor, faultCode, giveVerifiedLocation, login, newAccount, newFingerprint, type Account, type Reply, type Target } from "./support.ts";

const run = promisify(execFile);

export interface Cluster {
  version: string;
  name: string;
  host: string;
  port: number;
}

/** The Debian cluster (pg_lsclusters) serving the database URL's port, or --pg-cluster VERSION/NAME. */
export async function findCluster(databaseUrl: string, override?: string): Promise<Cluster> {
  const url = new URL(databaseUrl);
  const port = Number(url.port || 5432);
  const host = url.hostname || "127.0.0.1";
  if (override) {
    const [version, name] = override.split("/");
    return { version, name, host, port };
  }
  const { stdout } = await run("pg_lsclusters", ["-h"]);
  for (const line of stdout.split("\n")) {
    const [version, name, p] = line.trim().split(/\s+/);
    if (Number(p) === port) return { version, name, host, port };
  }
  throw new Error(`no PostgreSQL cluster listens on port ${port} (pg_lsclusters); pass --pg-cluster VERSION/NAME`);
}

async function isReady(c: Cluster): Promise<boolean> {
  try {
    await run("pg_isready", ["-h", c.host, "-p", String(c.port), "-q"], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

const ctl = (c: Cluster, action: "start" | "stop") =>
  run("pg_ctlcluster", ["--skip-systemctl-redirect", c.version, c.name, action], { timeout: 60_000 });

/** Start the cluster if it is not accepting connections; wait until it is (throws after 60 s). */
export async function ensureRunning(c: Cluster): Promise<void> {
  if (await isReady(c)) return;
  log("pg", `starting PostgreSQL ${c.version}/${c.name}`);
  await ctl(c, "start").catch((e: Error) => log("pg", `pg_ctlcluster start: ${e.message.split("\n")[0]}`));
  for (let i = 0; i < 600; i++) {
    if (await isReady(c)) return;
    await sleep(100);
  }
  throw new Error(`PostgreSQL ${c.version}/${c.name} is not accepting connections on port ${c.port}`);
}

interface Observation {
  kind: "login" | "verify-send" | "verify-code";
  startedAt: number;
  endedAt: number;
  status: number;
  answer: string;
  /** The body was a well-formed JSON fault or the expected result. */
  clean: boolean;
  error?: string;
}

interface Flow {
  account: Account;
  outcome: "verified" | "verifiedBeforeAnswerLost" | "incomplete";
  steps: number;
}

export interface PgRestartResult {
  cluster: string;
  /** How long `pg_ctlcluster stop` took (connections are terminated at its start). */
  stopTookMs: number;
  /** From the stop command to PostgreSQL accepting connections again. */
  downForMs: number;
  /** From PostgreSQL accepting connections again to the first successful login. */
  recoveryMs: number | null;
  outage: {
    requests: number;
    answers: Record<string, number>;
    /** Answers that were not a clean JSON fault (e.g. a 500, HTML, a stack). */
    unclean: number;
    /** Requests with no answer within the client timeout. */
    hung: number;
    unavailable503: number;
    /** Clean JSON faults other than 503 during the outage, 500 kError included (should be 503). */
    otherFaults: Record<string, number>;
    examples: string[];
  };
  load: { logins: number; loginSuccesses: number; verificationsStarted: number; verificationsCompleted: number; clientTimeoutMs: number };
  integrity: {
    codesWithoutLocation: number;
    verifiedWithoutVerifiedAt: number;
    verifiedLocationsWithCodes: number;
    sessionsWithoutAccount: number;
    codesNeitherLiveNorExpired: number;
    /** Verifications the client saw succeed that the database does not show (lost). */
    lostVerifications: number;
    /** Verifications half written (verified without session, session without verified location, …). */
    halfWrittenVerifications: number;
    /** Logins answered with a session that the database does not hold. */
    lostSessions: number;
    verificationsCommittedButAnswerLost: number;
  };
  healthDuringOutage: Record<string, number>;
  targets: { outage: string; recoveryMs: string; lostOrHalfWritten: string };
  met: boolean;
}

const isCleanFault = (r: Reply) =>
  r.status > 0 && r.body?.object === "fault" && typeof r.body.code === "string" && typeof r.body.errCode === "string" &&
  r.body.status === r.status && !/\bat .+:\d+:\d+\)?/.test(r.text);

export async function attackPgRestart(target: Target, opts: { cluster: Cluster; downSec: number; loginWorkers: number; verifyWorkers: number; clientTimeoutMs: number }): Promise<PgRestartResult> {
  const c = opts.cluster;
  await ensureRunning(c);

  // Accounts: some with verified locations (the login load), some for verifications in flight.
  const loginAccounts: Array<{ account: Account; cookie: string }> = [];
  for (let i = 0; i < opts.loginWorkers * 4; i++) {
    const account = await newAccount(target, "pgload");
    loginAccounts.push({ account, cookie: (await giveVerifiedLocation(target, account)).cookie });
  }
  const verifyAccounts: Account[] = [];
  for (let i = 0; i < 60; i++) verifyAccounts.push(await newAccount(target, "pgverify"));

  const observations: Observation[] = [];
  const sessionTokens: string[] = [];
  const flows: Flow[] = [];
  let running = true;
  const t0 = performance.now();

  const observe = (kind: Observation["kind"], r: Reply, ok: boolean) => {
    observations.push({ kind, startedAt: r.startedAt - t0, endedAt: r.endedAt - t0, status: r.status, answer: `${r.status} ${faultCode(r)}`, clean: ok || isCleanFault(r), error: r.error });
  };

  const loginWorker = async (w: number) => {
    let i = w;
    while (running) {
      const { account, cookie } = loginAccounts[i++ % loginAccounts.length];
      const r = await login(target, account, cookie, undefined, opts.clientTimeoutMs);
      const ok = r.body?.object === "account";
      observe("login", r, ok);
      if (ok) {
        const sid = r.setCookies.map((s) => /^md\.sid=([^;]*)/.exec(s)?.[1]).find(Boolean);
        if (sid) sessionTokens.push(decodeURIComponent(sid));
      } else if (r.status === 0 || r.status >= 500) await sleep(50); // a client backs off a little
    }
  };

  let nextVerify = 0;
  const verifyWorker = async () => {
    while (running && nextVerify < verifyAccounts.length) {
      const account = verifyAccounts[nextVerify++];
      const fp = newFingerprint();
      const flow: Flow = { account, outcome: "incomplete", steps: 0 };
      flows.push(flow);
      // Step 1: a new location → a code is texted (retry through the outage).
      let sent = false;
      const deadline = performance.now() + 30_000;
      while (!sent && performance.now() < deadline) {
        const r = await login(target, account, fp.cookie, undefined, opts.clientTimeoutMs);
        flow.steps++;
        const ok = r.body?.code === "kNewLocation" || r.body?.code === "kUnverifiedLocation";
        observe("verify-send", r, ok);
        if (ok) sent = true;
        else await sleep(200);
      }
      if (!sent) continue;
      // Step 2: the last code texted to this number (an earlier one may belong to a rolled-back send).
      const codes = readOutboxCodes(target.outboxFile, account.mobile);
      const code = codes.length ? codes[codes.length - 1] : await codeFor(target, account, 1);
      while (performance.now() < deadline) {
        const r = await login(target, account, fp.cookie, { verificationToken: code, locationName: "restart" }, opts.clientTimeoutMs);
        flow.steps++;
        const ok = r.body?.object === "account";
        observe("verify-code", r, ok || r.body?.code === "kLocationAlreadyVerified");
        if (ok) {
          flow.outcome = "verified";
          const sid = r.setCookies.map((s) => /^md\.sid=([^;]*)/.exec(s)?.[1]).find(Boolean);
          if (sid) sessionTokens.push(decodeURIComponent(sid));
          break;
        }
        if (r.body?.code === "kLocationAlreadyVerified") {
          flow.outcome = "verifiedBeforeAnswerLost"; // committed, but the answer never reached us
          break;
        }
        await sleep(200);
      }
    }
  };

  // Whatever happens from here on, PostgreSQL is started again.
  const restartSync = () => {
    spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", c.version, c.name, "start"], { stdio: "ignore", timeout: 60_000 });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restartSync();
    process.kill(process.pid, signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const health: Record<string, number> = {};
  let tStop = 0;
  let tStopped = 0;
  let tReady = 0;
  const workers = [
    ...Array.from({ length: opts.loginWorkers }, (_, w) => loginWorker(w)),
    ...Array.from({ length: opts.verifyWorkers }, () => verifyWorker()),
  ];
  try {
    await sleep(3_000);
    log("pg", `stopping PostgreSQL ${c.version}/${c.name} under load (${opts.loginWorkers} login + ${opts.verifyWorkers} verification clients)`);
    tStop = performance.now() - t0;
    await ctl(c, "stop");
    tStopped = performance.now() - t0;
    const downUntil = performance.now() + opts.downSec * 1000;
    while (performance.now() < downUntil) {
      const h = await fetch(`${target.baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) }).then((r) => String(r.status), () => "no answer");
      health[h] = (health[h] ?? 0) + 1;
      await sleep(250);
    }
    log("pg", "starting PostgreSQL again");
    await ctl(c, "start").catch((e: Error) => log("pg", `pg_ctlcluster start: ${e.message.split("\n")[0]}`));
    while (!(await isReady(c))) await sleep(50);
    tReady = performance.now() - t0;
    // Keep the load on until a login succeeds again (or 30 s), then a little longer.
    const until = performance.now() + 30_000;
    while (performance.now() < until && !observations.some((o) => o.kind === "login" && o.clean && o.status === 200 && o.endedAt > tReady)) await sleep(50);
    await sleep(3_000);
  } finally {
    running = false;
    await ensureRunning(c).catch((e: Error) => {
      restartSync();
      log("pg", `could not confirm PostgreSQL is up: ${e.message}`);
    });
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
  await Promise.all(workers);
  if (!(await isReady(c))) throw new Error("PostgreSQL is not ready after the restart phase (pg_isready failed)");

  // ---- what the clients saw
  const during = observations.filter((o) => o.endedAt >= tStop && o.startedAt <= tReady);
  const answers: Record<string, number> = {};
  for (const o of during) answers[o.error ? `no answer (${o.error})` : o.answer] = (answers[o.error ? `no answer (${o.error})` : o.answer] ?? 0) + 1;
  const unclean = during.filter((o) => !o.clean && o.status !== 0);
  const hung = during.filter((o) => o.error === "timeout").length;
  const firstSuccess = observations.filter((o) => o.kind === "login" && o.status === 200 && o.clean && o.endedAt > tReady).sort((a, b) => a.endedAt - b.endedAt)[0];
  const recoveryMs = firstSuccess ? Math.round(firstSuccess.endedAt - tReady) : null;

  // ---- what the database holds
  const q = async (sql: TemplateStringsArray) => Number(((await db().$queryRaw(sql)) as Array<{ n: bigint | number }>)[0].n);
  const codesWithoutLocation = await q`SELECT count(*) AS n FROM verification_codes c LEFT JOIN locations l ON l.id = c.location_id WHERE l.id IS NULL`;
  const verifiedWithoutVerifiedAt = await q`SELECT count(*) AS n FROM locations WHERE state = 'verified' AND verified_at IS NULL`;
  const verifiedLocationsWithCodes = await q`SELECT count(*) AS n FROM verification_codes c JOIN locations l ON l.id = c.location_id WHERE l.state = 'verified'`;
  const sessionsWithoutAccount = await q`SELECT count(*) AS n FROM sessions s LEFT JOIN accounts a ON a.id = s.account_id WHERE a.id IS NULL`;
  const codesNeitherLiveNorExpired = await q`SELECT count(*) AS n FROM verification_codes
    WHERE NOT ((burned_at IS NULL AND expires_at > now()) OR expires_at <= now() OR burned_at IS NOT NULL)
       OR (attempts >= 5 AND burned_at IS NULL) OR expires_at <> created_at + interval '10 minutes'`;
  let lost = 0;
  let halfWritten = 0;
  for (const f of flows) {
    const locs = await db().location.findMany({ where: { accountId: f.account.id }, select: { id: true, state: true, verifiedAt: true } });
    const verifiedLocs = locs.filter((l) => l.state === "verified");
    const sessions = await db().session.findMany({ where: { accountId: f.account.id }, select: { locationId: true } });
    if (f.outcome !== "incomplete") {
      if (verifiedLocs.length !== 1) lost++;
      else if (!sessions.some((s) => s.locationId === verifiedLocs[0].id) && f.outcome === "verified") halfWritten++;
    }
    for (const s of sessions) if (!verifiedLocs.some((l) => l.id === s.locationId)) halfWritten++;
  }
  const hashes = sessionTokens.map(hashSessionToken);
  const present = hashes.length ? await db().session.count({ where: { tokenHash: { in: hashes } } }) : 0;

  const logins = observations.filter((o) => o.kind === "login");
  const result: PgRestartResult = {
    cluster: `${c.version}/${c.name} on port ${c.port}`,
    stopTookMs: Math.round(tStopped - tStop),
    downForMs: Math.round(tReady - tStop),
    recoveryMs,
    outage: {
      requests: during.length, answers, unclean: unclean.length, hung,
      unavailable503: during.filter((o) => o.answer.startsWith("503 kUnavailable")).length,
      otherFaults: Object.fromEntries(Object.entries(answers).filter(([k]) => !k.startsWith("503 kUnavailable") && !k.startsWith("200 ") && !k.startsWith("no answer"))),
      examples: unclean.slice(0, 5).map((o) => `${o.kind}: ${o.answer}`),
    },
    load: {
      logins: logins.length, loginSuccesses: logins.filter((o) => o.status === 200 && o.clean).length,
      verificationsStarted: flows.length, verificationsCompleted: flows.filter((f) => f.outcome !== "incomplete").length,
      clientTimeoutMs: opts.clientTimeoutMs,
    },
    integrity: {
      codesWithoutLocation, verifiedWithoutVerifiedAt, verifiedLocationsWithCodes, sessionsWithoutAccount, codesNeitherLiveNorExpired,
      lostVerifications: lost, halfWrittenVerifications: halfWritten, lostSessions: hashes.length - present,
      verificationsCommittedButAnswerLost: flows.filter((f) => f.outcome === "verifiedBeforeAnswerLost").length,
    },
    healthDuringOutage: health,
    targets: { outage: "every answer a clean JSON fault (503 kUnavailable), none hung", recoveryMs: "< 5000", lostOrHalfWritten: "0" },
    met: false,
  };
  const i = result.integrity;
  result.met = unclean.length === 0 && hung === 0 && recoveryMs !== null && recoveryMs < 5_000 &&
    i.codesWithoutLocation + i.verifiedWithoutVerifiedAt + i.verifiedLocationsWithCodes + i.sessionsWithoutAccount + i.codesNeitherLiveNorExpired + i.lostVerifications + i.halfWrittenVerifications + i.lostSessions === 0;
  log("pg", `restart: down ${result.downForMs} ms; ${during.length} requests during the outage: ${JSON.stringify(answers)}; ` +
    `recovery ${recoveryMs ?? "never"} ms; lost/half-written verifications ${lost}/${halfWritten}, lost sessions ${result.integrity.lostSessions}`);
  return result;
}
