// One load phase: autocannon in a separate process (load-runner.ts) against the server on
// loopback, with latency percentiles and every kind of error counted.
import path from "node:path";
import { PROJECT_ROOT, log, runJsonChild, type Latency } from "./common.ts";
import { cpuBetween, cpuSnapshot, type CpuSnapshot, type CpuUse } from "./cpu.ts";

export type LoadRequest =
  | { kind: "plain"; method: string; path: string; headers?: Record<string, string>; body?: string }
  | { kind: "pool"; method: string; path: string; items: Array<{ headers: Record<string, string>; body?: string }> }
  | {
      kind: "signed";
      method: string;
      path: string;
      /** The path after /<org>/v2 that the signature covers, e.g. "/accounts/me". */
      command: string;
      apiKey: string;
      apiSecret: string;
      headers?: Record<string, string>;
    };

export interface LoadInput {
  url: string;
  connections: number;
  durationSec: number;
  /** A discarded run first (JIT, connection pool, route modules). */
  warmupSec: number;
  timeoutSec: number;
  request: LoadRequest;
  /** A 2xx response counts as an error unless its JSON `object` is this (e.g. "account"). */
  expectObject?: string;
}

export interface LoadResult {
  connections: number;
  durationSec: number;
  responses: number;
  /** Successful responses (2xx with the expected body) per second. */
  rps: number;
  /** Latency of every response, successful or not (ms). */
  latency: Latency;
  statusCodes: Record<string, number>;
  /** Responses outside 2xx. */
  non2xx: number;
  /** 2xx responses whose body was not the expected object (e.g. a kNewLocation fault, HTTP 200). */
  unexpectedBodies: number;
  connectionErrors: number;
  timeouts: number;
  /** non2xx + unexpectedBodies + connectionErrors + timeouts. */
  errors: number;
  /** Up to 5 distinct error bodies, to say why. */
  errorSamples: string[];
  /** CPU used by the load generator during the measured run (ms). */
  clientCpuMs?: number;
  /** Where the CPU went during the measured run (when the server's pid is known). */
  cpu?: CpuUse;
}

/** What to account CPU for: the server process and the database its backends serve. */
export interface CpuTarget {
  serverPid: number;
  databaseUrl: string;
}

const RUNNER = path.join(PROJECT_ROOT, "scripts", "bench", "load-runner.ts");

export async function runLoad(name: string, input: Omit<LoadInput, "timeoutSec"> & { timeoutSec?: number }, cpuTarget?: CpuTarget): Promise<LoadResult> {
  log("load", `${name}: ${input.request.method} ${input.request.path} × ${input.connections} connections, ${input.durationSec} s (+${input.warmupSec} s warm-up)`);
  const state: { before?: Promise<CpuSnapshot> } = {};
  const result = await runJsonChild<LoadResult>(RUNNER, { timeoutSec: 10, ...input }, {
    timeoutMs: (input.durationSec + input.warmupSec + 60) * 1000,
    onLine: (line) => {
      if (cpuTarget && line.includes('"event":"measuring"')) state.before = cpuSnapshot(cpuTarget.serverPid, cpuTarget.databaseUrl);
    },
  });
  if (cpuTarget && state.before) {
    result.cpu = await cpuBetween(await state.before, cpuTarget.serverPid, cpuTarget.databaseUrl, result.clientCpuMs ?? 0, result.responses);
  }
  log("load", `${name}: ${result.rps} ok/s, p50 ${result.latency.p50} ms, p95 ${result.latency.p95} ms, p99 ${result.latency.p99} ms, errors ${result.errors}` +
    (result.errors ? ` (${JSON.stringify(result.statusCodes)}; e.g. ${result.errorSamples[0]?.slice(0, 160)})` : ""));
  if (result.cpu) {
    const c = result.cpu.perRequestMs;
    log("load", `${name}: CPU ms per response — server main ${c.serverMainThread}, server threads ${c.serverOtherThreads}, postgres ${c.postgres}, load generator ${c.loadGenerator}, other processes ${c.otherProcesses} (machine ${result.cpu.machineBusyPct} % busy)`);
  }
  return result;
}
