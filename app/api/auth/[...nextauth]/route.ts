// GET|POST /api/auth/* — next-auth 4 for the control panel, with options built per request (the
// panel door needs the request, and must add the md.fingerprint cookie it may mint to the response).
// POST bodies are read here first with the API's size limit and parsers: next-auth would otherwise
// answer a malformed or oversized body with a 500 (found by `npm run attack`'s fuzzer).
import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { buildPanelAuthOptions } from "@/lib/panel/auth-options.ts";
import { serializeCookie, type CookieSpec } from "@/lib/http/cookies.ts";
import { readBody } from "@/lib/http/body.ts";
import { faultResponse, toFault } from "@/lib/http/respond.ts";
import { faults } from "@/lib/faults.ts";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

/** The request with its body checked and re-encoded as the form next-auth's client sends. */
async function withCheckedBody(req: NextRequest): Promise<NextRequest> {
  if (req.method !== "POST") return req;
  const fields = await readBody(req, { allowUrlEncoded: true });
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") form.set(key, String(value));
  }
  const headers = new Headers(req.headers);
  headers.set("content-type", "application/x-www-form-urlencoded");
  headers.delete("content-length");
  return new NextRequest(req.url, { method: "POST", headers, body: form.toString() });
}

/** The next-auth endpoints the panel uses; next-auth answers some others (e.g. a GET of the
 * credentials callback) with a 500, so anything else gets a clean fault instead. */
const ROUTES: Record<string, Set<string>> = {
  GET: new Set(["session", "csrf", "providers", "signin", "signout", "error"]),
  POST: new Set(["callback/credentials", "signin/credentials", "signout", "_log"]),
};

async function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  const action = (await context.params).nextauth?.join("/") ?? "";
  if (!ROUTES[req.method]?.has(action)) {
    return faultResponse(faults.routeNotFound({ reason: `No ${req.method} /api/auth/${action}.` }));
  }
  let checked: NextRequest;
  try {
    checked = await withCheckedBody(req);
  } catch (error) {
    return faultResponse(toFault(error, `${req.method} /api/auth`));
  }
  const setCookies: CookieSpec[] = [];
  const response: Response = await NextAuth(checked, context, buildPanelAuthOptions({ req: checked, setCookies }));
  for (const cookie of setCookies) response.headers.append("Set-Cookie", serializeCookie(cookie));
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export { handler as GET, handler as POST };
