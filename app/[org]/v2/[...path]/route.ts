// /<org>/v2/<anything else> — a Cortex fault, not Next's HTML 404, for unknown API resources.
import { apiPreflight, apiRoute } from "@/lib/http/api-door.ts";
import { faults } from "@/lib/faults.ts";

export const dynamic = "force-dynamic";

const notFound = apiRoute(async (call) => {
  throw faults.routeNotFound({ reason: `No resource at ${new URL(call.req.url).pathname}.` });
});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = apiPreflight;
