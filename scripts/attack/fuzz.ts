// Fuzzing every route: N requests (bounded concurrency) across the Cortex API (/<org>/v2/…), the
// health route, next-auth's /api/auth/* (the panel's form endpoints) and the panel's /<org>/login,
// with random methods, header sets (missing or odd Medable-Client-Key, signature headers, huge
// headers, tampered md.fingerprint and other bad cookies, odd content types) and bodies (random
// JSON, deep nesting, strings up to ~2 MB, invalid UTF-8, url-encoded, binary).
// Counted: 5xx answers; answers under /<org>/v2 whose body is not a well-formed Cortex object
// (an `object` field; faults with code, errCode, status and message, status equal to the HTTP
// status); and whether the server is still healthy afterwards. Seeded, so a run can be repeated.
import http from "node:http";
import { readFileSync } from "node:fs";
import { log } from "../bench/common.ts";
import { nonceFactory, signedHeaders } from "../bench/signing.ts";
import { giveVerifiedLocation, login, newAccount, newFingerprint, send, type Target } from "./support.ts";

export interface FuzzResult {
  seed: number;
  planned: number;
  sent: number;
  concurrency: number;
  seconds: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  serverErrors5xx: number;
  /** Answers under /<org>/v2 that are not a well-formed Cortex object. */
  malformedApiBodies: number;
  /** Answers under /<org>/v2 without the Medable-Server-Time header. */
  missingServerTime: number;
  /** Empty-bodied 400/413/414/431/505 answers given before any route code ran: by Node's HTTP
   * parser (headers over its 16 KB limit → 431; a method it does not know, e.g. FOO → 400) or by
   * Next's server (methods it does not serve, e.g. PURGE, PROPFIND → 400). */
  answeredBeforeRouting: number;
  /** …of which under /<org>/v2. */
  answeredBeforeRoutingUnderApi: number;
  /** No answer at all: the connection was closed or reset, or the request timed out. */
  noResponse: number;
  noResponseByKind: Record<string, number>;
  /** The body kind of the requests that got no answer (an oversized upload is cut off after the 413). */
  noResponseByBody: Record<string, number>;
  maxLatencyMs: number;
  examples: Array<{ problem: string; method: string; path: string; status: number; body: string; case: string }>;
  /** "unexpected error" lines the server logged during the fuzz (each one a generic 500). */
  serverLoggedUnexpected: number;
  /** "uncaughtException" lines the server logged (Next logs them and keeps serving). */
  serverUncaughtExceptions: number;
  /** Distinct error lines from the server log during the fuzz (first 10). */
  serverLogErrors: string[];
  /** 3xx answers: Next normalises repeated and trailing slashes with a 308 before any route runs. */
  redirects: number;
  healthyAfter: boolean;
  loginWorksAfter: boolean;
  targets: { serverErrors5xx: string; malformedApiBodies: string; healthyAfter: string };
  met: boolean;
}

// ---------------------------------------------------------------------------------------------
// A small seeded PRNG (mulberry32) so a failing case can be replayed with --seed.

function rngFrom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
  const chance = (p: number) => next() < p;
  const weighted = <T>(items: ReadonlyArray<readonly [number, T]>): T => {
    const total = items.reduce((s, [w]) => s + w, 0);
    let r = next() * total;
    for (const [w, v] of items) if ((r -= w) < 0) return v;
    return items[items.length - 1][1];
  };
  const str = (n: number, alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") => {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[int(0, alphabet.length - 1)];
    return s;
  };
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(0, 255)));
  /** Header-legal garbage: printable ASCII and Latin-1 bytes (invalid UTF-8 once on the wire). */
  const latin1 = (n: number) => Array.from({ length: n }, () => String.fromCharCode(chance(0.5) ? int(0x20, 0x7e) : int(0x80, 0xff))).join("");
  return { next, int, pick, chance, weighted, str, bytes, latin1 };
}
type Rng = ReturnType<typeof rngFrom>;

// ---------------------------------------------------------------------------------------------
// Case generation

interface FuzzCase {
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  chunked: boolean;
  label: string[];
}

interface Material {
  target: Target;
  validFingerprint: string;
  email: string;
  nonce: () => string;
}

function randomJson(rng: Rng, depth: number): unknown {
  const kind = depth <= 0 ? rng.int(0, 4) : rng.int(0, 6);
  switch (kind) {
    case 0: return null;
    case 1: return rng.chance(0.5);
    case 2: return rng.pick([0, -1, 1.7976931348623157e308, 2 ** 53 + 1, -0, 3.14, 123456]);
    case 3: return rng.pick(["", rng.str(rng.int(1, 40)), "\u0000", "\ud800", "🙂".repeat(rng.int(1, 20)), "' OR 1=1 --", "<script>", "../../etc/passwd", "%00"]);
    case 4: return rng.str(rng.int(0, 300), " !\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~abcXYZ");
    case 5: return Array.from({ length: rng.int(0, 6) }, () => randomJson(rng, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = rng.int(0, 6); i > 0; i--) o[rng.pick(["email", "password", "location", "verificationToken", "mobile", "name", "__proto__", "constructor", "object", rng.str(rng.int(1, 12))])] = randomJson(rng, depth - 1);
      return o;
    }
  }
}

function loginishBody(rng: Rng, m: Material): unknown {
  const field = () => rng.weighted<unknown>([
    [4, m.email], [3, rng.str(rng.int(1, 30)) + "@x.test"], [1, ""], [1, null], [1, 42], [1, ["a"]], [1, { $gt: "" }], [1, "a".repeat(rng.int(300, 5000))],
  ]);
  const body: Record<string, unknown> = {};
  if (rng.chance(0.9)) body.email = field();
  if (rng.chance(0.9)) body.password = rng.weighted<unknown>([[3, "correct horse battery"], [3, rng.str(rng.int(1, 40))], [1, ""], [1, null], [1, 1234], [1, "p".repeat(rng.int(257, 100_000))]]);
  if (rng.chance(0.4)) {
    body.location = rng.weighted<unknown>([
      [4, { verificationToken: rng.pick(["123456", "000000", "12345", "1234567", "12 34 56", "abcdef", "", "１２３４５６", "9".repeat(40)]), locationName: rng.chance(0.5) ? rng.str(rng.int(0, 200)) : undefined, singleUse: rng.pick([true, false, "true", "yes", 1, null]) }],
      [1, "123456"], [1, [1, 2]], [1, null], [1, { verificationToken: 123456 }],
    ]);
  }
  if (rng.chance(0.2)) body.mobile = rng.pick(["+15555550100", "555", "+1 (555) 555-0100", "", 12]);
  if (rng.chance(0.2)) body.name = rng.pick([{ first: "A", last: "B" }, "name", null, { first: "x".repeat(500) }]);
  return body;
}

function deepNesting(rng: Rng): string {
  const depth = rng.pick([100, 1000, 10_000, 40_000]);
  return rng.chance(0.5) ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

function makeCase(rng: Rng, m: Material): FuzzCase {
  const label: string[] = [];
  const org = rng.weighted<string>([
    [14, m.target.org.code], [1, "no-such-org"], [1, rng.str(rng.int(1, 45), "abcdefghijklmnopqrstuvwxyz0123456789-")], [1, "API"],
    [1, "%E2%82%AC"], [1, "..%2F"], [1, "a".repeat(300)], [1, "_next"],
  ]);
  const v2 = `/${org}/v2`;
  const [route, path] = rng.weighted<[string, string]>([
    [10, ["v2 login", `${v2}/accounts/login`]],
    [5, ["v2 register", `${v2}/accounts/register`]],
    [6, ["v2 me", `${v2}/accounts/me`]],
    [4, ["v2 logout", `${v2}/accounts/me/logout`]],
    [4, ["v2 status", `${v2}/accounts/status`]],
    [5, ["v2 unknown", `${v2}/${rng.pick(["accounts/unknown", "orgs", "accounts/me/locations", rng.str(rng.int(1, 20)), `${rng.str(3)}/${rng.str(4)}/${rng.str(5)}`, "accounts/login/", "accounts//me", "", "accounts/me/..%2f..%2flogin", "%ZZ", "accounts/%00", "a".repeat(3000)])}`]],
    [1, ["v2 root", v2]],
    [2, ["v2 query", `${v2}/accounts/${rng.pick(["me", "status", "login"])}?${rng.pick(["x=1", "email=a&password=b", "%ZZ=%", "a".repeat(2000) + "=1", "__proto__[x]=1"])}`]],
    [3, ["health", rng.pick(["/api/health", "/api/health?verbose=1", "/api/health/"])]],
    [5, ["next-auth", `/api/auth/${rng.pick(["session", "csrf", "providers", "signin", "signin/credentials", "callback/credentials", "signout", "_log", rng.str(rng.int(1, 15))])}`]],
    [4, ["panel login", `/${org}/login${rng.chance(0.3) ? `?callbackUrl=${rng.pick(["/", "https://evil.test", "javascript:alert(1)", "%ZZ"])}` : ""}`]],
  ]);
  label.push(route);

  const method = rng.weighted<string>([[25, "GET"], [35, "POST"], [8, "PUT"], [8, "PATCH"], [8, "DELETE"], [6, "HEAD"], [5, "OPTIONS"], [2, "PROPFIND"], [1, "PURGE"], [2, "FOO"]]);
  const headers: Record<string, string> = {};

  const key = rng.weighted<string | null>([
    [50, m.target.sessionApp.key], [12, m.target.signatureApp.key], [15, null], [8, rng.str(22)], [3, ""], [3, "k".repeat(rng.int(65, 9000))],
    [3, rng.latin1(22)], [3, `${m.target.sessionApp.key} , ${m.target.sessionApp.key}`], [3, " "],
  ]);
  if (key !== null) {
    headers["Medable-Client-Key"] = key;
    label.push(key === m.target.sessionApp.key ? "key:session" : key === m.target.signatureApp.key ? "key:signature" : "key:odd");
  } else label.push("key:none");

  if (rng.chance(0.55)) {
    const fp = m.validFingerprint;
    const tampered = fp.slice(0, 10) + (fp[10] === "A" ? "B" : "A") + fp.slice(11);
    const cookie = rng.weighted<string>([
      [4, `md.fingerprint=${encodeURIComponent(fp)}`],
      [4, `md.fingerprint=${encodeURIComponent(tampered)}`],
      [2, `md.fingerprint=${rng.str(40)}`],
      [2, `md.fingerprint=${rng.str(40)}.${rng.str(43)}`],
      [2, `md.sid=${rng.str(43)}; md.fingerprint=${encodeURIComponent(fp)}`],
      [1, "md.sid=%ZZ%; md.fingerprint=%E0%A4%A"],
      [1, `md.fingerprint=${"x".repeat(rng.int(1000, 8000))}`],
      [1, '; ; =; md.sid="unterminated'],
      [1, `md.sid=${rng.str(43)}; md.sid=${rng.str(43)}; md.fingerprint=a; md.fingerprint=b`],
      [1, rng.latin1(40)],
    ]);
    headers.Cookie = cookie;
    label.push("cookie");
  }
  if (rng.chance(0.15)) {
    const signed = signedHeaders({ apiKey: m.target.signatureApp.key, apiSecret: m.target.signatureApp.secret }, "/accounts/me", method, { nonce: m.nonce() });
    const mutate = rng.int(0, 6);
    if (mutate === 1) signed["Medable-Client-Signature"] = rng.str(64, "0123456789abcdef");
    if (mutate === 2) signed["Medable-Client-Timestamp"] = rng.pick(["0", "-1", "abc", "9".repeat(30), "1e12", String(Date.now() - 3_600_000)]);
    if (mutate === 3) signed["Medable-Client-Nonce"] = rng.pick(["", "short", "!".repeat(16), "a".repeat(500)]);
    if (mutate === 4) delete signed["Medable-Client-Signature"];
    Object.assign(headers, signed);
    if (rng.chance(0.7)) headers[rng.pick(["Medable-Client-Account", "Medable-Client-Principal"])] = rng.pick([rng.str(24, "0123456789abcdef"), m.email, "nobody@x.test", "", "x".repeat(2000), "{\"$ne\":null}"]);
    label.push(`signed:${mutate}`);
  }
  if (rng.chance(0.1)) headers["Medable-Csrf-Token"] = rng.pick([rng.str(64), "", "x".repeat(5000)]);
  if (rng.chance(0.1)) headers["X-Forwarded-For"] = rng.pick(["1.2.3.4", "not-an-ip", "::1, 10.0.0.1", "999.999.999.999", "a".repeat(3000), ", , ,"]);
  if (rng.chance(0.05)) headers["User-Agent"] = rng.pick(["", "x".repeat(10_000), "\u00ff\u00fe"]);
  if (rng.chance(0.03)) {
    headers["X-Pad"] = "p".repeat(rng.pick([4_000, 12_000, 20_000, 60_000]));
    label.push("huge-header");
  }
  if (rng.chance(0.02)) {
    for (let i = 0; i < 150; i++) headers[`X-H${i}`] = rng.str(20);
    label.push("many-headers");
  }

  let body: Buffer | undefined;
  const bodyKind = rng.weighted<string>([[28, "none"], [22, "loginish"], [12, "json"], [5, "deep"], [5, "huge"], [5, "utf8"], [10, "urlencoded"], [5, "binary"], [4, "empty"], [4, "nonobject"]]);
  switch (bodyKind) {
    case "loginish": body = Buffer.from(JSON.stringify(loginishBody(rng, m))); break;
    case "json": body = Buffer.from(JSON.stringify(randomJson(rng, 5)) ?? "null"); break;
    case "deep": body = Buffer.from(deepNesting(rng)); break;
    case "huge": body = Buffer.from(JSON.stringify({ email: m.email, password: "x".repeat(rng.pick([70_000, 500_000, 2_000_000])) })); break;
    case "utf8": body = Buffer.concat([Buffer.from('{"email":"'), rng.bytes(rng.int(1, 200)), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('","password":"x"}')]); break;
    case "urlencoded": {
      const pairs = Array.from({ length: rng.int(1, 8) }, () => `${rng.pick(["email", "password", "location[verificationToken]", "location[singleUse]", "location[a][b]", "__proto__[admin]", "constructor[prototype][x]", "a[", "]", "%ZZ", rng.str(5)])}=${rng.pick([m.email, "correct horse battery", "123456", "%ZZ", "", rng.str(rng.int(1, 50)), "a".repeat(rng.int(100, 80_000))])}`);
      body = Buffer.from(pairs.join(rng.pick(["&", ";", "&&"])));
      break;
    }
    case "binary": body = rng.bytes(rng.int(1, 8192)); break;
    case "empty": body = Buffer.alloc(0); break;
    case "nonobject": body = Buffer.from(rng.pick(["[]", "null", "1", '"str"', "true", "{", "}", "{\"email\":", "undefined", "NaN"])); break;
  }
  if (body !== undefined) {
    label.push(`body:${bodyKind}`);
    const type = rng.weighted<string | null>([
      [bodyKind === "urlencoded" ? 30 : 3, "application/x-www-form-urlencoded"],
      [bodyKind === "urlencoded" ? 3 : 30, "application/json"], [5, "application/json; charset=utf-16"], [4, "text/plain"],
      [3, "multipart/form-data; boundary=xyz"], [3, "application/xml"], [3, "application/vnd.api+json"], [5, null], [2, ""], [2, "garbage/;;;"],
    ]);
    if (type !== null) headers["Content-Type"] = type;
  }
  return { route, method, path, headers, body, chunked: body !== undefined && rng.chance(0.15), label };
}

// ---------------------------------------------------------------------------------------------
// Checking answers

const API_PATH = /^\/[^/?]+\/v2(?:[/?]|$)/;

function faultShapeProblem(f: unknown, httpStatus: number | null): string | null {
  if (!f || typeof f !== "object" || Array.isArray(f)) return "fault is not an object";
  const o = f as Record<string, unknown>;
  if (o.object !== "fault") return "fault.object is not \"fault\"";
  for (const k of ["code", "errCode", "message"]) if (typeof o[k] !== "string" || !o[k]) return `fault.${k} missing`;
  if (typeof o.status !== "number") return "fault.status missing";
  if (httpStatus !== null && o.status !== httpStatus) return `fault.status ${o.status} ≠ HTTP ${httpStatus}`;
  if (o.faults !== undefined) {
    if (!Array.isArray(o.faults)) return "fault.faults is not a list";
    for (const child of o.faults) {
      const p = faultShapeProblem(child, null);
      if (p) return `child ${p}`;
    }
  }
  return null;
}

/** Why an answer under /<org>/v2 is not a well-formed Cortex body, or null. */
export function apiBodyProblem(method: string, status: number, text: string): string | null {
  if (method === "HEAD" || status === 204 || status === 304) return null; // no body by HTTP
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON (${text.length ? text.slice(0, 40).replace(/\s+/g, " ") : "empty body"})`;
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) return "not a JSON object";
  const o = body as Record<string, unknown>;
  if (typeof o.object !== "string") return "no object field";
  if (o.object === "fault") return faultShapeProblem(o, status);
  if (o.object === "result" && !("data" in o)) return "result without data";
  if (o.object === "list" && !Array.isArray(o.data)) return "list without data";
  if (o.object === "account" && (typeof o._id !== "string" || typeof o.email !== "string")) return "account without _id/email";
  return null;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  ms: number;
  error?: string;
}

function sendRaw(agent: http.Agent, base: URL, c: FuzzCase, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const started = performance.now();
    let settled = false;
    const done = (a: Omit<Answer, "ms">) => {
      if (settled) return;
      settled = true;
      resolve({ ...a, ms: performance.now() - started });
    };
    const headers: Record<string, string> = { ...c.headers };
    if (c.body !== undefined && !c.chunked) headers["Content-Length"] = String(c.body.length);
    let req: http.ClientRequest;
    try {
      req = http.request({ host: base.hostname, port: base.port, method: c.method, path: c.path, headers, agent, timeout: timeoutMs });
    } catch (e) {
      return done({ status: -1, headers: {}, text: "", error: `client refused to send: ${(e as Error).message.slice(0, 60)}` });
    }
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (d: Buffer) => {
        size += d.length;
        if (size <= 256 * 1024) chunks.push(d);
      });
      res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (e) => done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8"), error: `response ${(e as NodeJS.ErrnoException).code ?? e.message}` }));
    });
    req.on("timeout", () => {
      req.destroy(new Error("timeout"));
    });
    req.on("error", (e) => done({ status: 0, headers: {}, text: "", error: (e as NodeJS.ErrnoException).code ?? e.message }));
    if (c.body !== undefined) {
      if (c.chunked) {
        const half = Math.floor(c.body.length / 2);
        req.write(c.body.subarray(0, half));
        req.end(c.body.subarray(half));
      } else req.end(c.body);
    } else req.end();
  });
}

export async function attackFuzz(target: Target, opts: { requests: number; concurrency: number; seed: number; deadlineSec: number }): Promise<FuzzResult> {
  const started = performance.now();
  const account = await newAccount(target, "fuzz");
  const verified = await giveVerifiedLocation(target, account);
  const material: Material = { target, validFingerprint: newFingerprint().cookie, email: account.email, nonce: nonceFactory() };
  const rng = rngFrom(opts.seed);
  const base = new URL(target.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const logBefore = readFileSync(target.serverLog, "utf8").length;

  const byRoute: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const noResponseByKind: Record<string, number> = {};
  const examples: FuzzResult["examples"] = [];
  let sent = 0;
  let serverErrors = 0;
  let malformed = 0;
  let missingServerTime = 0;
  let parserRejected = 0;
  let parserRejectedApi = 0;
  const noResponseByBody: Record<string, number> = {};
  let noResponse = 0;
  let redirects = 0;
  let maxLatency = 0;
  const deadline = performance.now() + opts.deadlineSec * 1000;
  const example = (problem: string, c: FuzzCase, a: Answer) => {
    if (examples.filter((e) => e.problem === problem).length < 3 && examples.length < 40) {
      examples.push({ problem, method: c.method, path: c.path.slice(0, 120), status: a.status, body: a.text.slice(0, 200), case: c.label.join(" ") });
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < opts.requests && performance.now() < deadline) {
      next++;
      const c = makeCase(rng, material);
      const a = await sendRaw(agent, base, c, 20_000);
      sent++;
      maxLatency = Math.max(maxLatency, a.ms);
      byRoute[c.route] = (byRoute[c.route] ?? 0) + 1;
      if (a.status <= 0) {
        noResponse++;
        const kind = a.error ?? "none";
        noResponseByKind[kind] = (noResponseByKind[kind] ?? 0) + 1;
        const bodyKind = c.label.find((l) => l.startsWith("body:")) ?? "body:none";
        noResponseByBody[bodyKind] = (noResponseByBody[bodyKind] ?? 0) + 1;
        example(`no answer (${kind})`, c, a);
        continue;
      }
      byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
      const fromApp = a.headers["medable-server-time"] !== undefined || a.text.length > 0 || a.headers["content-type"] !== undefined;
      if (!fromApp && [400, 413, 414, 431, 505].includes(a.status)) {
        // No body, no content type, no Medable-Server-Time: no route code ran.
        parserRejected++; // Node's parser or Next's server said no (method, header size): no route code ran
        if (API_PATH.test(c.path)) parserRejectedApi++;
        example(`answered before routing (${a.status})`, c, a);
        continue;
      }
      if (a.status >= 500) {
        serverErrors++;
        example(`HTTP ${a.status}`, c, a);
      }
      if (a.status >= 300 && a.status < 400 && a.headers.location) {
        redirects++;
        example(`redirect ${a.status}`, c, a);
        continue;
      }
      if (API_PATH.test(c.path)) {
        const problem = apiBodyProblem(c.method, a.status, a.text);
        if (problem) {
          malformed++;
          example(`malformed API body: ${problem}`, c, a);
        }
        if (a.headers["medable-server-time"] === undefined) {
          missingServerTime++;
          example("no Medable-Server-Time", c, a);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  agent.destroy();

  const health = await send(`${target.baseUrl}/api/health`, { method: "GET" });
  const after = await login(target, account, verified.cookie);
  const logText = readFileSync(target.serverLog, "utf8").slice(logBefore);
  const serverLoggedUnexpected = (logText.match(/unexpected error/g) ?? []).length;
  const serverLogErrors = [...new Set(logText.split("\n").filter((l) => /error|Error|⨯/.test(l)).map((l) => l.slice(0, 200)))].slice(0, 10);
  const healthyAfter = health.status === 200;
  const loginWorksAfter = after.body?.object === "account";
  const result: FuzzResult = {
    seed: opts.seed, planned: opts.requests, sent, concurrency: opts.concurrency,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    byRoute, byStatus, serverErrors5xx: serverErrors, malformedApiBodies: malformed, missingServerTime,
    answeredBeforeRouting: parserRejected, answeredBeforeRoutingUnderApi: parserRejectedApi, noResponse, noResponseByKind, noResponseByBody, maxLatencyMs: Math.round(maxLatency),
    examples, serverLoggedUnexpected, serverUncaughtExceptions: (logText.match(/uncaughtException/g) ?? []).length, serverLogErrors, redirects, healthyAfter, loginWorksAfter,
    targets: { serverErrors5xx: "0", malformedApiBodies: "0", healthyAfter: "true" },
    met: serverErrors === 0 && malformed === 0 && healthyAfter && loginWorksAfter && sent === opts.requests,
  };
  log("attack", `fuzz: ${sent} requests (seed ${opts.seed}) in ${result.seconds} s: ${serverErrors} × 5xx, ${malformed} malformed API bodies, ` +
    `${parserRejected} answered before routing (empty 400/431 for odd methods, huge headers), ${noResponse} without answer; healthy after: ${healthyAfter}, login after: ${loginWorksAfter}`);
  return result;
}
