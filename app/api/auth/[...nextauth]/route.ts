// GET|POST /api/auth/* — next-auth 4 for the control panel, with options built per request (the
// panel door needs the request, and must add the md.fingerprint cookie it may mint to the response).
import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { buildPanelAuthOptions } from "@/lib/panel/auth-options.ts";
import { serializeCookie, type CookieSpec } from "@/lib/http/cookies.ts";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  const setCookies: CookieSpec[] = [];
  const response: Response = await NextAuth(req, context, buildPanelAuthOptions({ req, setCookies }));
  for (const cookie of setCookies) response.headers.append("Set-Cookie", serializeCookie(cookie));
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export { handler as GET, handler as POST };
