// GET /api/health — liveness plus database reachability, for load balancers, CI and `npm run dev`.
// The body never carries error details: a health check is public and must not leak internals.
import { db } from "@/lib/db.ts";

export const dynamic = "force-dynamic";

/** Past this, the database counts as down: a balancer probe must not hang with it. */
const DATABASE_TIMEOUT_MS = 2_000;

const NO_STORE = { "Cache-Control": "no-store" };

export async function GET(): Promise<Response> {
  if (await isDatabaseUp()) {
    return Response.json({ status: "ok", database: "ok", time: new Date().toISOString() }, { headers: NO_STORE });
  }
  return Response.json({ status: "degraded", database: "down" }, { status: 503, headers: NO_STORE });
}

async function isDatabaseUp(): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS);
  });
  // async wrapper: db() itself throws (synchronously) when the environment is invalid.
  const probe = (async () => db().$queryRaw`SELECT 1`)()
    .then(() => true)
    .catch((error: unknown) => {
      console.error("[health] database check failed:", (error as Error)?.message ?? error);
      return false;
    });
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
