// The API door: one wrapper for every `/<org>/v2/...` route handler. It resolves the org and app
// from the URL and Medable-Client-Key, enforces app policy, identifies signed callers, exposes
// request facts as plain values, calls one core function and shapes the response. Route handlers
// stay ~10–30 lines.
//
// Policy order, the same for every call (docs/decisions/0011-api-door-policies.md):
//   app (unknown / disabled / expired) → CORS origin → IP allow-list → signature (when signed or the
//   app is a signature app) → handler (which asks for the session or principal it needs).
import type { NextRequest } from "next/server";
import { db } from "../db.ts";
import { findAppWithOrgByKey } from "../db-hot-path.ts";
import { faults, type Fault } from "../faults.ts";
import type { App, Org } from "../generated/prisma/client.ts";
import type { PrincipalAccount } from "../auth/principals.ts";
import { ipAllowed } from "../apps/cidr.ts";
import { hashFingerprint, readFingerprintCookie, createFingerprint, signFingerprint } from "../auth/fingerprint.ts";
import { requireSession, type AuthenticatedSession } from "../auth/sessions.ts";
import { hasSignatureHeader } from "../auth/signature.ts";
import { authenticateSignedRequest, type SignedCaller } from "../auth/signed-request.ts";
import { readBody } from "./body.ts";
import { FINGERPRINT_COOKIE, SESSION_COOKIE, fingerprintCookie, parseCookieHeader, type CookieSpec } from "./cookies.ts";
import { isHttpsRequest, resolveClientIp } from "./client-ip.ts";
import { corsHeadersFor, preflightHeaders } from "./cors.ts";
import { faultResponse, jsonResponse, toFault } from "./respond.ts";

export type ApiApp = App & { org: Org };

export type SessionCaller = { kind: "session"; accountId: string; session: AuthenticatedSession };
/** Who is calling: a cookie session, or a verified signed request (whose principal may be anonymous). */
export type Caller = SessionCaller | SignedCaller;

export interface Principal {
  accountId: string;
  /** The account when the door already loaded it (signed requests), else null. */
  account: PrincipalAccount | null;
}

export interface ApiCall {
  req: NextRequest;
  org: Org;
  app: ApiApp;
  now: Date;
  ip: string | null;
  userAgent: string | null;
  secure: boolean;
  method: string;
  cookies: Map<string, string>;
  /** Cookies to set on the response, whether it is a result or a fault. */
  setCookies: CookieSpec[];
  /** The parsed body ({} when empty). */
  body(opts?: { allowUrlEncoded?: boolean }): Promise<Record<string, unknown>>;
  /** The verified fingerprint from md.fingerprint, or null (throws kInvalidFingerprint if tampered). */
  fingerprint(): string | null;
  /** The fingerprint, minting (and setting) a new one when the request has none. */
  ensureFingerprint(): string;
  /** The verified signed caller when the request was signed (checked before the handler runs), else null. */
  signed: SignedCaller | null;
  /** The caller's session, or the precise session fault. A signed request has no session: kNotLoggedIn. */
  requireSession(): Promise<AuthenticatedSession>;
  /** The signed caller, or else the session (or its precise fault). */
  requireCaller(): Promise<Caller>;
  /** The acting account: the signed principal or the session's account; kNotLoggedIn when anonymous. */
  requirePrincipal(): Promise<Principal>;
}

export interface ApiRouteOptions {
  /** Refuse signed requests before verifying them, with this reason (login and register, SPEC §4). */
  refuseSigned?: string;
}

export interface ApiResult {
  body: unknown;
  status?: number;
  headers?: Record<string, string>;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
type Handler = (call: ApiCall) => Promise<ApiResult>;

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Resolve the app by key in one query; on a miss, tell an unknown org from an unknown key. */
async function requireApp(orgCode: string, key: string | null, now: Date): Promise<ApiApp> {
  const app = key && key.length <= 64 ? await findAppWithOrgByKey(key) : null;
  if (!app || app.org.code !== orgCode) {
    const org = await db().org.findUnique({ where: { code: orgCode }, select: { id: true } });
    throw org ? faults.appNotFound() : faults.orgNotFound();
  }
  if (!app.enabled) throw faults.appDisabled();
  if (app.expiresAt && app.expiresAt <= now) throw faults.appExpired();
  return app;
}

/** The IP allow-list (CIDR): an empty list allows everyone; an unknown client IP is refused. */
function requireAllowedIp(app: App, ip: string | null): void {
  if (app.ipAllowList.length > 0 && (ip === null || !ipAllowed(ip, app.ipAllowList))) throw faults.ipNotAllowed();
}

/**
 * Signed requests: any request with Medable-Client-Signature (whatever the app's type, as in
 * Cortex), and every request to a signature app, which accepts nothing else.
 */
async function authenticateIfSigned(req: NextRequest, app: App, method: string, now: Date, options: ApiRouteOptions): Promise<SignedCaller | null> {
  const presented = hasSignatureHeader(req.headers);
  if (!presented && app.type !== "signature") return null;
  if (presented && options.refuseSigned) throw faults.invalidRequestSignature({ reason: options.refuseSigned });
  if (!presented) throw faults.invalidRequestSignature({ reason: "This app accepts only signed requests." });
  return authenticateSignedRequest({ app, headers: req.headers, method, pathname: new URL(req.url).pathname, now });
}

export function apiRoute(handler: Handler, options: ApiRouteOptions = {}) {
  return async function routeHandler(req: NextRequest, context: RouteContext): Promise<Response> {
    const setCookies: CookieSpec[] = [];
    let policyHeaders: Record<string, string> = {};
    try {
      const params = await context.params;
      const orgCode = String(params.org ?? "");
      const now = new Date();
      const method = req.method.toUpperCase();
      const app = await requireApp(orgCode, req.headers.get("medable-client-key"), now);
      policyHeaders = corsHeadersFor(req.headers, app.corsOrigins);
      const ip = resolveClientIp(req.headers);
      requireAllowedIp(app, ip);
      const signed = await authenticateIfSigned(req, app, method, now, options);
      // A signed request is authenticated by its signature alone: no cookie can change who it is.
      const cookies = signed ? new Map<string, string>() : parseCookieHeader(req.headers.get("cookie"));
      const secure = isHttpsRequest(req);
      let fingerprint: string | null | undefined;
      const call: ApiCall = {
        req, org: app.org, app, now, secure, cookies, setCookies, method, ip, signed,
        userAgent: req.headers.get("user-agent"),
        body: (opts) => readBody(req, opts),
        fingerprint() {
          if (fingerprint === undefined) {
            const raw = cookies.get(FINGERPRINT_COOKIE);
            fingerprint = raw ? readFingerprintCookie(raw) : null;
          }
          return fingerprint;
        },
        ensureFingerprint() {
          const existing = call.fingerprint();
          if (existing) return existing;
          fingerprint = createFingerprint();
          setCookies.push(fingerprintCookie(signFingerprint(fingerprint), secure));
          return fingerprint;
        },
        async requireSession() {
          if (signed) throw faults.notLoggedIn({ reason: "This resource needs a session; signed requests have none." });
          let fp: string | null = null;
          try {
            fp = call.fingerprint();
          } catch {
            fp = null; // a tampered fingerprint cannot match any session
          }
          return requireSession({
            token: cookies.get(SESSION_COOKIE) ?? null,
            appId: app.id,
            authDurationSeconds: app.authDuration,
            fingerprintHash: fp ? hashFingerprint(fp) : null,
            csrf: { required: app.csrf && STATE_CHANGING.has(call.method), token: req.headers.get("medable-csrf-token") },
          }, now);
        },
        async requireCaller() {
          if (signed) return signed;
          const session = await call.requireSession();
          return { kind: "session", accountId: session.accountId, session };
        },
        async requirePrincipal() {
          const caller = await call.requireCaller();
          if (caller.kind === "signed") {
            if (!caller.account) throw faults.notLoggedIn({ reason: "This signed request has no principal (anonymous)." });
            return { accountId: caller.account.id, account: caller.account };
          }
          return { accountId: caller.accountId, account: null };
        },
      };
      const result = await handler(call);
      return jsonResponse(result.body, result.status ?? 200, { cookies: setCookies, headers: { ...policyHeaders, ...result.headers } });
    } catch (error) {
      const fault: Fault = toFault(error, `${req.method} ${new URL(req.url).pathname}`);
      return faultResponse(fault, { cookies: setCookies, headers: policyHeaders });
    }
  };
}

/** OPTIONS for every /<org>/v2 route: the CORS preflight (see lib/http/cors.ts). */
export async function apiPreflight(req: NextRequest, context: RouteContext): Promise<Response> {
  try {
    const params = await context.params;
    const headers = await preflightHeaders(db(), String(params.org ?? ""), req.headers, new Date());
    return new Response(null, {
      status: 204,
      headers: { ...headers, "Cache-Control": "no-store", "Medable-Server-Time": String(Date.now()) },
    });
  } catch (error) {
    return faultResponse(toFault(error, `OPTIONS ${new URL(req.url).pathname}`));
  }
}

/** Handlers for the methods a route does not serve: a JSON fault instead of Next's empty 405. */
export function rejectMethods() {
  const reject = async (req: NextRequest) =>
    faultResponse(faults.methodNotAllowed({ reason: `${req.method} is not supported here.` }));
  return { GET: reject, POST: reject, PUT: reject, PATCH: reject, DELETE: reject };
}
