// The API door: one wrapper for every `/<org>/v2/...` route handler. It resolves the org and app
// from the URL and Medable-Client-Key, enforces app policy, exposes request facts as plain values,
// calls one core function and shapes the response. Route handlers stay ~10–30 lines.
import type { NextRequest } from "next/server";
import { db } from "../db.ts";
import { faults, type Fault } from "../faults.ts";
import type { App, Org } from "../generated/prisma/client.ts";
import { hashFingerprint, readFingerprintCookie, createFingerprint, signFingerprint } from "../auth/fingerprint.ts";
import { requireSession, type AuthenticatedSession } from "../auth/sessions.ts";
import { readBody } from "./body.ts";
import { FINGERPRINT_COOKIE, SESSION_COOKIE, fingerprintCookie, parseCookieHeader, type CookieSpec } from "./cookies.ts";
import { isHttpsRequest, resolveClientIp } from "./client-ip.ts";
import { faultResponse, jsonResponse, toFault } from "./respond.ts";

export type ApiApp = App & { org: Org };

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
  /** The caller's session, or the precise session fault. */
  requireSession(): Promise<AuthenticatedSession>;
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
  const app = key && key.length <= 64 ? await db().app.findUnique({ where: { key }, include: { org: true } }) : null;
  if (!app || app.org.code !== orgCode) {
    const org = await db().org.findUnique({ where: { code: orgCode }, select: { id: true } });
    throw org ? faults.appNotFound() : faults.orgNotFound();
  }
  if (!app.enabled) throw faults.appDisabled();
  if (app.expiresAt && app.expiresAt <= now) throw faults.appExpired();
  return app;
}

export function apiRoute(handler: Handler) {
  return async function routeHandler(req: NextRequest, context: RouteContext): Promise<Response> {
    const setCookies: CookieSpec[] = [];
    try {
      const params = await context.params;
      const orgCode = String(params.org ?? "");
      const now = new Date();
      const app = await requireApp(orgCode, req.headers.get("medable-client-key"), now);
      const cookies = parseCookieHeader(req.headers.get("cookie"));
      const secure = isHttpsRequest(req);
      let fingerprint: string | null | undefined;
      const call: ApiCall = {
        req, org: app.org, app, now, secure, cookies, setCookies,
        method: req.method.toUpperCase(),
        ip: resolveClientIp(req.headers),
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
      };
      const result = await handler(call);
      return jsonResponse(result.body, result.status ?? 200, { cookies: setCookies, headers: result.headers });
    } catch (error) {
      const fault: Fault = toFault(error, `${req.method} ${new URL(req.url).pathname}`);
      return faultResponse(fault, { cookies: setCookies });
    }
  };
}

/** Handlers for the methods a route does not serve: a JSON fault instead of Next's empty 405. */
export function rejectMethods() {
  const reject = async (req: NextRequest) =>
    faultResponse(faults.methodNotAllowed({ reason: `${req.method} is not supported here.` }));
  return { GET: reject, POST: reject, PUT: reject, PATCH: reject, DELETE: reject };
}
