// With the database unreachable the server stays up and answers cleanly: health 503, API calls a
// 503 kUnavailable fault with Retry-After — never a hang, a 500 or a stack trace.
import { test, expect } from "@playwright/test";
import { startNextServer, type RunningServer } from "../../scripts/next-server.ts";
import { findFreePort } from "../../scripts/free-port.ts";

let server: RunningServer | null = null;

test.afterAll(async () => {
  await server?.stop();
});

test("a server whose database is down answers 503 faults", async () => {
  const deadPort = await findFreePort(); // nothing listens there
  const port = await findFreePort();
  const env = { ...process.env, NODE_ENV: "production" as const, DATABASE_URL: `postgresql://postgres@127.0.0.1:${deadPort}/none`, PORT: String(port) };
  server = await startNextServer({ port, env, log: "ignore", ready: "responding" });
  const health = await fetch(`${server.url}/api/health`);
  expect(health.status).toBe(503);
  expect(await health.json()).toEqual({ status: "degraded", database: "down" });

  const started2 = Date.now();
  const res = await fetch(`${server.url}/acme/v2/accounts/login`, {
    method: "POST",
    headers: { "Medable-Client-Key": "AAAAAAAAAAAAAAAAAAAAAA", "Content-Type": "application/json" },
    body: JSON.stringify({ email: "a@b.c", password: "whatever" }),
  });
  expect(Date.now() - started2).toBeLessThan(10_000);
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBeTruthy();
  const body = await res.json();
  expect(body).toMatchObject({ object: "fault", code: "kUnavailable", errCode: "cortex.error.unavailable", status: 503 });
  expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|prisma|at \S+ \(/i);
});
