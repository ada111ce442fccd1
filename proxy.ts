// Next's proxy (formerly middleware), limited by its matcher to the two kinds of /<org>/v2 URL that
// Next itself cannot route, so they get a Cortex fault instead of Next's own answer:
//  - a path that is not valid percent-encoding (e.g. /acme/v2/%ZZ): Next tries to render its 400
//    page, fails in an app with catch-all routes, and answers a text/plain 500
//    (vercel/next.js#94278);
//  - the bare /<org>/v2, which no route file matches (an HTML 404 page).
// Every other request skips this file entirely (the matcher is checked before any code runs).
import type { NextRequest } from "next/server";
import { faults } from "./lib/faults.ts";
import { faultResponse } from "./lib/http/respond.ts";

export function proxy(req: NextRequest): Response | undefined {
  const path = req.nextUrl.pathname;
  try {
    decodeURIComponent(path);
  } catch {
    return faultResponse(faults.invalidArgument({ reason: "The URL path is not valid percent-encoding." }));
  }
  if (/^\/[^/]+\/v2\/?$/.test(path)) return faultResponse(faults.routeNotFound({ reason: `No resource at ${path}.` }));
  return undefined;
}

export const config = {
  matcher: ["/:org/v2", "/:org/v2/:rest(.*%.*)", "/:org(.*%.*)/v2/:rest*"],
};
