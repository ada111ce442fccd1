// CORS for browser apps (SPEC §5: an app's CORS origins). Matching is exact on the normalised
// origin; credentials are allowed, so the answer always names the origin, never "*".
//
// - Actual requests: an Origin the app lists gets Access-Control-Allow-Origin/-Credentials and the
//   exposed Cortex headers. A same-origin request (Origin host = Host) needs nothing. Any other
//   Origin is refused with kAccessDenied / cortex.accessDenied.cors before anything else runs, so a
//   page on an unlisted origin cannot cause side effects either (a browser would only have hidden
//   the response). Requests without Origin (mobile apps, servers) are not CORS and pass.
// - Preflights carry no Medable-Client-Key, so they cannot name their app: a preflight passes when
//   any enabled, unexpired app of the org lists the origin; the actual request is then checked
//   against its own app. See docs/decisions/0012-cors.md.
import type { Db } from "../db.ts";
import { HEADER } from "../client/protocol.ts";
import { faults } from "../faults.ts";

export const CORS_ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
export const CORS_ALLOWED_HEADERS = [
  "Accept", "Content-Type", "X-Requested-With",
  HEADER.key, HEADER.signature, HEADER.timestamp, HEADER.nonce, HEADER.account, HEADER.principal, HEADER.csrf,
].join(", ");
export const CORS_EXPOSED_HEADERS = `${HEADER.serverTime}, ${HEADER.csrf}`;
export const CORS_MAX_AGE_SECONDS = 600;

export type OriginCheck =
  | { kind: "none" } // not a cross-origin browser request
  | { kind: "cross"; origin: string } // normalised
  | { kind: "invalid" };

/** Classify the request's Origin header. */
export function checkOrigin(headers: Headers): OriginCheck {
  const raw = headers.get("origin");
  if (raw === null || raw === "") return { kind: "none" };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: "invalid" }; // includes the opaque origin "null"
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { kind: "invalid" };
  if (url.host === headers.get("host")) return { kind: "none" }; // same origin
  return { kind: "cross", origin: url.origin };
}

function allowHeaders(origin: string): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Expose-Headers": CORS_EXPOSED_HEADERS,
    Vary: "Origin",
  };
}

/** Response headers for an actual request through `corsOrigins`, or kAccessDenied (cors). */
export function corsHeadersFor(headers: Headers, corsOrigins: readonly string[]): Record<string, string> {
  const check = checkOrigin(headers);
  if (check.kind === "none") return headers.has("origin") ? { Vary: "Origin" } : {};
  if (check.kind === "cross" && corsOrigins.includes(check.origin)) return allowHeaders(check.origin);
  throw faults.originNotAllowed({ headers: { Vary: "Origin" } });
}

/** Headers for an OPTIONS preflight to /<org>/v2/…, or kAccessDenied (cors) when no app of the org allows the origin. */
export async function preflightHeaders(client: Db, orgCode: string, headers: Headers, now: Date): Promise<Record<string, string>> {
  const check = checkOrigin(headers);
  if (check.kind === "none") return { Allow: CORS_ALLOWED_METHODS };
  if (check.kind === "cross") {
    const app = await client.app.findFirst({
      where: {
        org: { code: orgCode },
        enabled: true,
        corsOrigins: { has: check.origin },
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      },
      select: { id: true },
    });
    if (app) {
      return {
        ...allowHeaders(check.origin),
        "Access-Control-Allow-Methods": CORS_ALLOWED_METHODS,
        "Access-Control-Allow-Headers": CORS_ALLOWED_HEADERS,
        "Access-Control-Max-Age": String(CORS_MAX_AGE_SECONDS),
        Vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
      };
    }
  }
  throw faults.originNotAllowed({ headers: { Vary: "Origin" } });
}
