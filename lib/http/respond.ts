// Shaping responses: every API response is JSON with Medable-Server-Time, never cached, and any
// error that is not a Fault becomes a generic 500 that is logged (message only) and never echoed.
import { Fault, faults, isFault } from "../faults.ts";
import { serializeCookie, type CookieSpec } from "./cookies.ts";

export interface ResponseExtras {
  cookies?: CookieSpec[];
  headers?: Record<string, string>;
}

export function jsonResponse(body: unknown, status: number, extras: ResponseExtras = {}): Response {
  const headers = new Headers({
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "Medable-Server-Time": String(Date.now()),
    "X-Content-Type-Options": "nosniff",
  });
  for (const [k, v] of Object.entries(extras.headers ?? {})) headers.set(k, v);
  for (const c of extras.cookies ?? []) headers.append("Set-Cookie", serializeCookie(c));
  return new Response(JSON.stringify(body), { status, headers });
}

/** Database unreachable (pool timeout, refused connection, Prisma "can't reach" errors, and node-postgres'
 * "Client has encountered a connection error and is not queryable" for a connection that died
 * mid-transaction, seen when PostgreSQL restarts under load: see docs/benchmarks.md). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; cause?: unknown; name?: string } | null;
  if (!e) return false;
  const text = `${e.name ?? ""} ${e.code ?? ""} ${e.message ?? ""}`;
  if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|P1001|P1017|P2024|DatabaseNotReachable|Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|terminating connection|not queryable|Can't reach database server|P2028|Transaction (already closed|not found)/i.test(text)) {
    return true;
  }
  return e.cause !== undefined && e.cause !== error && isDatabaseUnavailable(e.cause);
}

/** One line for the log: name, Prisma/pg code, and the message's last non-empty line (Prisma puts
 * the cause there, after the invocation). Never the whole message, which may quote query values. */
function describeError(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string } | null;
  const lines = (e?.message ?? "").split("\n").map((l) => l.trim()).filter(Boolean);
  return `${e?.name ?? "Error"}${e?.code ? ` ${e.code}` : ""}: ${(lines[lines.length - 1] ?? "").slice(0, 300)}`;
}

export function toFault(error: unknown, where: string): Fault {
  if (isFault(error)) return error;
  if (isDatabaseUnavailable(error)) {
    console.error(`[${where}] database unavailable: ${describeError(error)}`);
    return faults.unavailable({ headers: { "Retry-After": "2" } });
  }
  console.error(`[${where}] unexpected error: ${describeError(error)}`);
  if ((error as Error)?.stack && process.env.NODE_ENV !== "production") console.error((error as Error).stack);
  return faults.internal();
}

export function faultResponse(fault: Fault, extras: ResponseExtras = {}): Response {
  return jsonResponse(fault.toBody(), fault.status, { ...extras, headers: { ...(fault.headers ?? {}), ...(extras.headers ?? {}) } });
}
