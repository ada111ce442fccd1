// What every attack phase needs: the target (server, database, SMS outbox, org and apps), accounts
// and fingerprints minted through lib/ like e2e/support/fixtures.ts, and a small HTTP client that
// never hangs (every request has a timeout) and never throws on a bad answer.
import { db } from "../../lib/db.ts";
import { createAccount } from "../../lib/accounts/accounts.ts";
import { createFingerprint, hashFingerprint, signFingerprint } from "../../lib/auth/fingerprint.ts";
import { createOrg } from "../../lib/orgs/orgs.ts";
import { createApp } from "../../lib/apps/apps.ts";
import { waitForCode } from "../bench/common.ts";

export const PASSWORD = "correct horse battery";

export interface Target {
  baseUrl: string;
  databaseUrl: string;
  outboxFile: string;
  serverLog: string;
  org: { id: string; code: string };
  sessionApp: { id: string; key: string };
  signatureApp: { id: string; key: string; secret: string };
}

export async function createTarget(t: Omit<Target, "org" | "sessionApp" | "signatureApp">, orgCode = "attack"): Promise<Target> {
  await createOrg(db(), { code: orgCode, name: "Attack Org" });
  const org = await db().org.findUniqueOrThrow({ where: { code: orgCode } });
  const { app: sessionApp } = await createApp(db(), { orgId: org.id, name: "Attack mobile", type: "session" });
  const { app: signatureApp, secret } = await createApp(db(), { orgId: org.id, name: "Attack back end", type: "signature", principalOverride: true });
  return {
    ...t,
    org: { id: org.id, code: orgCode },
    sessionApp: { id: sessionApp._id, key: sessionApp.key },
    signatureApp: { id: signatureApp._id, key: signatureApp.key, secret },
  };
}

let accountCounter = 0;
const runTag = Date.now().toString(36);

export interface Account {
  id: string;
  email: string;
  mobile: string;
}

/** A new account with a mobile number unique to this run (codes are read from the outbox by number). */
export async function newAccount(target: Target, label = "user"): Promise<Account> {
  const n = ++accountCounter;
  const mobile = `+1555${String(1_000_000 + n).slice(-7)}`;
  const email = `${label}-${n}-${runTag}@attack.test`;
  const account = await createAccount(db(), { orgId: target.org.id, email, password: PASSWORD, mobile, name: { first: "Attack", last: "Target" }, roles: ["member"] });
  return { id: account.id, email, mobile };
}

/** A fresh, validly signed md.fingerprint cookie value: a location the server has never seen. */
export function newFingerprint(): { value: string; cookie: string; hash: string } {
  const value = createFingerprint();
  return { value, cookie: signFingerprint(value), hash: hashFingerprint(value) };
}

/** Mint a verified location (as if verified earlier), like fixtures.giveVerifiedLocation. */
export async function giveVerifiedLocation(target: Target, account: Account): Promise<{ cookie: string; locationId: string }> {
  const fp = newFingerprint();
  const location = await db().location.create({
    data: { orgId: target.org.id, accountId: account.id, fingerprintHash: fp.hash, appId: target.sessionApp.id, state: "verified", verifiedBy: "code", verifiedAt: new Date() },
  });
  return { cookie: fp.cookie, locationId: location.id };
}

export interface Reply {
  status: number;
  /** Parsed JSON body, or null. */
  body: Record<string, unknown> | null;
  text: string;
  ms: number;
  setCookies: string[];
  /** Set when no response arrived (timeout, refused, reset). */
  error?: string;
  startedAt: number;
  endedAt: number;
}

export async function send(url: string, init: { method: string; headers?: Record<string, string>; body?: string; timeoutMs?: number }): Promise<Reply> {
  const startedAt = performance.now();
  try {
    const res = await fetch(url, {
      method: init.method, headers: init.headers, body: init.body, redirect: "manual",
      signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try {
      const parsed = JSON.parse(text) as unknown;
      body = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    const endedAt = performance.now();
    return { status: res.status, body, text, ms: endedAt - startedAt, setCookies: res.headers.getSetCookie(), startedAt, endedAt };
  } catch (e) {
    const endedAt = performance.now();
    const err = e as Error & { cause?: { code?: string } };
    const error = err.name === "TimeoutError" ? "timeout" : (err.cause?.code ?? err.message);
    return { status: 0, body: null, text: "", ms: endedAt - startedAt, setCookies: [], error, startedAt, endedAt };
  }
}

/** POST /<org>/v2/accounts/login from the location whose cookie is given. */
export function login(target: Target, account: Pick<Account, "email">, fingerprintCookie: string, location?: Record<string, unknown>, timeoutMs?: number): Promise<Reply> {
  return send(`${target.baseUrl}/${target.org.code}/v2/accounts/login`, {
    method: "POST",
    headers: {
      "Medable-Client-Key": target.sessionApp.key,
      "Content-Type": "application/json",
      Cookie: `md.fingerprint=${encodeURIComponent(fingerprintCookie)}`,
    },
    body: JSON.stringify({ email: account.email, password: PASSWORD, ...(location ? { location } : {}) }),
    timeoutMs,
  });
}

/** The n-th (1-based) code texted to the account. */
export function codeFor(target: Target, account: Account, nth: number): Promise<string> {
  return waitForCode(target.outboxFile, account.mobile, nth);
}

/** Move the account's codes back in time instead of sleeping (e2e/support/fixtures.ts ageCodes). */
export async function ageCodes(accountId: string, seconds: number): Promise<void> {
  await db().$executeRaw`UPDATE verification_codes SET created_at = created_at - make_interval(secs => ${seconds}),
    expires_at = expires_at - make_interval(secs => ${seconds}) WHERE account_id = ${accountId}`;
}

/** Move rate-limit events back in time: a simulated hour passes for these limits. */
export async function ageRateEvents(keys: string[], seconds: number): Promise<void> {
  await db().$executeRaw`UPDATE rate_events SET at = at - make_interval(secs => ${seconds}) WHERE key = ANY(${keys})`;
}

export const faultCode = (r: Reply) => (r.body?.object === "fault" ? String(r.body.code) : r.body?.object ? String(r.body.object) : r.error ?? `HTTP ${r.status}`);

/** Run `tasks` with at most `concurrency` in flight. */
export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
