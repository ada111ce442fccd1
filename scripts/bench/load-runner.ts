// The load generator: one autocannon run in its own process (started by load.ts), so the client's
// CPU is not the server's. Reads its phase from BENCH_INPUT, prints one JSON result line.
//
// Request kinds:
//   plain  — the same request every time
//   pool   — round-robin over prepared (headers, body) pairs, e.g. one account + location each
//   signed — Cortex signature headers computed fresh for every request (new nonce and timestamp)
import { createRequire } from "node:module";
import { latencySummary, readChildInput, round } from "./common.ts";
import { nonceFactory, signedHeaders } from "./signing.ts";
import type { LoadInput, LoadRequest, LoadResult } from "./load.ts";

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
interface AutocannonInstance {
  on(event: "response", fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: "reqError", fn: (error: Error) => void): void;
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: { errors: number; timeouts: number; start: Date; finish: Date }) => void) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

function makeRequest(spec: LoadRequest): AutocannonRequest {
  if (spec.kind === "plain") return { method: spec.method, path: spec.path, headers: spec.headers, body: spec.body };
  if (spec.kind === "pool") {
    let next = 0;
    return {
      method: spec.method,
      path: spec.path,
      setupRequest(req) {
        const item = spec.items[next++ % spec.items.length];
        return { ...req, headers: item.headers, body: item.body };
      },
    };
  }
  // Every request gets a fresh timestamp, nonce and signature.
  const nextNonce = nonceFactory();
  return {
    method: spec.method,
    path: spec.path,
    setupRequest(req) {
      return { ...req, headers: { ...(spec.headers ?? {}), ...signedHeaders(spec, spec.command, spec.method, { nonce: nextNonce() }) } };
    },
  };
}

function runOnce(input: LoadInput, durationSec: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const statusCodes: Record<string, number> = {};
    const errorSamples = new Set<string>();
    let unexpectedBodies = 0;
    const request = makeRequest(input.request);
    request.onResponse = (status, body) => {
      const ok2xx = status >= 200 && status < 300;
      let good = ok2xx;
      if (ok2xx && input.expectObject) {
        // Cheap check first; parse only what does not look right.
        good = body.includes(`"object":"${input.expectObject}"`) && !body.startsWith('{"object":"fault"');
        if (!good) unexpectedBodies++;
      }
      if (!good && errorSamples.size < 5) errorSamples.add(`${status} ${body.slice(0, 300)}`);
    };
    const instance = autocannon(
      {
        url: input.url,
        connections: input.connections,
        duration: durationSec,
        timeout: input.timeoutSec,
        requests: [request],
      },
      (err, result) => {
        if (err) return reject(err);
        const elapsed = (result.finish.getTime() - result.start.getTime()) / 1000;
        const non2xx = Object.entries(statusCodes).filter(([s]) => !s.startsWith("2")).reduce((a, [, n]) => a + n, 0);
        const good = latencies.length - non2xx - unexpectedBodies;
        const connectionErrors = result.errors - result.timeouts;
        resolve({
          connections: input.connections,
          durationSec: round(elapsed, 2),
          responses: latencies.length,
          rps: round(good / elapsed, 1),
          latency: latencySummary(latencies),
          statusCodes,
          non2xx,
          unexpectedBodies,
          connectionErrors,
          timeouts: result.timeouts,
          errors: non2xx + unexpectedBodies + connectionErrors + result.timeouts,
          errorSamples: [...errorSamples],
        });
      },
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      latencies.push(ms);
      statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    });
    instance.on("reqError", (error) => {
      if (errorSamples.size < 5) errorSamples.add(`request error: ${error.message}`);
    });
  });
}

async function main(): Promise<void> {
  const input = readChildInput<LoadInput>();
  if (input.warmupSec > 0) await runOnce(input, input.warmupSec);
  process.stdout.write(JSON.stringify({ event: "measuring" }) + "\n"); // the parent starts its CPU accounting
  const cpu = process.cpuUsage();
  const result = await runOnce(input, input.durationSec);
  const used = process.cpuUsage(cpu);
  result.clientCpuMs = Math.round((used.user + used.system) / 1000);
  process.stdout.write(JSON.stringify(result) + "\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
