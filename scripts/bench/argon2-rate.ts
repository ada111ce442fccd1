// The raw argon2id rate at the product's parameters (ARGON2_OPTIONS), measured in a process of its
// own with `concurrency` (default: the number of cores) operations in flight — the ceiling that a
// password login can approach. Prints one JSON line.
//
//   BENCH_INPUT='{"durationSec":5}' tsx scripts/bench/argon2-rate.ts
import os from "node:os";
import { hash, verify } from "@node-rs/argon2";
import { ARGON2_OPTIONS } from "../../lib/auth/password.ts";
import { latencySummary, readChildInput, round, type Latency } from "./common.ts";

export interface Argon2RateInput {
  durationSec: number;
  concurrency?: number;
}

export interface Argon2RateResult {
  concurrency: number;
  params: { memoryCost: number; timeCost: number; parallelism: number };
  /** verify() per second: what a login with the right password costs. */
  verifyPerSec: number;
  verifyLatency: Latency;
  /** CPU (all threads of this process) per verify: the hash's own cost. */
  verifyCpuMs: number;
  hashPerSec: number;
  hashLatency: Latency;
  threadpool: number;
}

const PASSWORD = "correct horse battery";

async function rate(durationSec: number, concurrency: number, op: () => Promise<unknown>): Promise<{ perSec: number; latency: Latency; cpuMsPerOp: number }> {
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  const deadline = performance.now() + durationSec * 1000;
  const start = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      await op();
      samples.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSec: round(samples.length / elapsed, 1), latency: latencySummary(samples), cpuMsPerOp: round((used.user + used.system) / 1000 / samples.length, 2) };
}

async function main(): Promise<void> {
  const input = readChildInput<Argon2RateInput>();
  const concurrency = input.concurrency ?? os.availableParallelism();
  const stored = await hash(PASSWORD, ARGON2_OPTIONS);
  for (let i = 0; i < 4; i++) await verify(stored, PASSWORD); // warm-up
  const v = await rate(input.durationSec, concurrency, () => verify(stored, PASSWORD));
  const h = await rate(Math.max(1, input.durationSec / 2), concurrency, () => hash(PASSWORD, ARGON2_OPTIONS));
  const result: Argon2RateResult = {
    concurrency,
    params: { memoryCost: ARGON2_OPTIONS.memoryCost, timeCost: ARGON2_OPTIONS.timeCost, parallelism: ARGON2_OPTIONS.parallelism },
    verifyPerSec: v.perSec,
    verifyLatency: v.latency,
    verifyCpuMs: v.cpuMsPerOp,
    hashPerSec: h.perSec,
    hashLatency: h.latency,
    threadpool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
  };
  process.stdout.write(JSON.stringify(result) + "\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
