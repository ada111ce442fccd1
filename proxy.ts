// Next's proxy (formerly middleware), limited by its matcher to the two kinds of /<org>/v2 URL that
// Next itself cannot route, so they get a Cortex fault instead of Next's own answer:
//  - a path that is not valid percent-encoding (e.g. /acme/v2/%ZZ): Next tries to render its 400
//    page, fails in an app with catch-all routes, and answers a text/plain 500
//    (vercel/next.js#94278);
//  - the bare /<org>/v2, which no route file matches (an HTML 404 page).
//  - POSTs to the panel's pages: Next treats them as Server Action calls and answers a body it
//    cannot parse (form data, JSON, over 1 MB) with a 500. Only real action calls (Next-Action
//    header) with a body Next can parse get through; anything else gets a clean fault.
// Every other request skips this file entirely (the matcher is checked before any code runs).
import type { NextRequest } from "next/server";
import { faults } from "./lib/faults.ts";
import { faultResponse } from "./lib/http/respond.ts";

const ACTION_BODY_LIMIT = 1024 * 1024; // Next's serverActions.bodySizeLimit default

/** A POST to a panel page must be a Server Action call whose body Next can parse. */
async function checkActionPost(req: NextRequest): Promise<Response | undefined> {
  if (!req.headers.get("next-action")) {
    return faultResponse(faults.methodNotAllowed({ reason: "POST is not supported here." }));
  }
  if (Number(req.headers.get("content-length") ?? "0") > ACTION_BODY_LIMIT) return faultResponse(faults.bodyTooLarge());
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  try {
    const copy = req.clone();
    if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded") {
      await copy.formData();
    } else {
      const text = await copy.text();
      if (text.length > ACTION_BODY_LIMIT) return faultResponse(faults.bodyTooLarge());
      if (text.trim() !== "") JSON.parse(text);
    }
  } catch {
    return faultResponse(faults.malformedBody({ reason: "The request body could not be parsed." }));
  }
  return undefined;
}

export async function proxy(req: NextRequest): Promise<Response | undefined> {
  const path = req.nextUrl.pathname;
  if (req.method === "POST" && !/^\/[^/]+\/v2(\/|$)/.test(path)) return checkActionPost(req);
  try {
    decodeURIComponent(path);
  } catch {
    return faultResponse(faults.invalidArgument({ reason: "The URL path is not valid percent-encoding." }));
  }
  if (/^\/[^/]+\/v2\/?$/.test(path)) return faultResponse(faults.routeNotFound({ reason: `No resource at ${path}.` }));
  return undefined;
}

export const config = {
  matcher: [
    "/:org/v2", "/:org/v2/:rest(.*%.*)", "/:org(.*%.*)/v2/:rest*",
    // The panel's pages (POSTs only are checked; other methods pass straight through).
    "/:org/login", "/:org/accounts/:rest*", "/:org/settings/:rest*", "/:org/audit",
  ],
};
