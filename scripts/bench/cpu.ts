// Where the machine's CPU went during a load phase (Linux /proc): the server's main thread (the
// event loop: Next, Prisma, our code), its other threads (argon2 on libuv's pool, GC helpers), the
// PostgreSQL backends serving the bench database, the load generator, and everything else on the
// machine — which, on a shared machine, says how noisy a figure is.
import { readFileSync } from "node:fs";
import os from "node:os";
import pg from "pg";
import { round } from "./common.ts";

const TICK_MS = 10; // USER_HZ is 100 on Linux

function readTicks(file: string): number {
  try {
    const text = readFileSync(file, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of stat)
  } catch {
    return 0; // the process or thread is gone
  }
}

function machineTicks(): { busy: number; total: number } {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu;
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export interface CpuSnapshot {
  at: number;
  machine: { busy: number; total: number };
  serverMain: number;
  serverAll: number;
  postgres: Map<number, number>;
}

async function backendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
    return r.rows.map((row) => Number(row.pid));
  } finally {
    await client.end();
  }
}

export async function cpuSnapshot(serverPid: number, databaseUrl: string): Promise<CpuSnapshot> {
  const pids = await backendPids(databaseUrl).catch(() => [] as number[]);
  return {
    at: performance.now(),
    machine: machineTicks(),
    serverMain: readTicks(`/proc/${serverPid}/task/${serverPid}/stat`),
    serverAll: readTicks(`/proc/${serverPid}/stat`),
    postgres: new Map(pids.map((pid) => [pid, readTicks(`/proc/${pid}/stat`)])),
  };
}

export interface CpuUse {
  /** Share of all cores that was busy during the phase (%). */
  machineBusyPct: number;
  /** CPU milliseconds per response. */
  perRequestMs: { serverMainThread: number; serverOtherThreads: number; postgres: number; loadGenerator: number; otherProcesses: number };
  /** Share of all cores used by each (%). */
  sharePct: { serverMainThread: number; serverOtherThreads: number; postgres: number; loadGenerator: number; otherProcesses: number; idle: number };
}

/**
 * CPU between two snapshots. Backends that connected during the phase count from zero; the load
 * generator reports its own CPU (ms).
 */
export async function cpuBetween(before: CpuSnapshot, serverPid: number, databaseUrl: string, loadGeneratorMs: number, requests: number): Promise<CpuUse> {
  const after = await cpuSnapshot(serverPid, databaseUrl);
  const cores = os.availableParallelism();
  const wallMs = after.at - before.at;
  const capacityMs = wallMs * cores;
  const machineTotal = after.machine.total - before.machine.total;
  const machineBusyFraction = machineTotal > 0 ? (after.machine.busy - before.machine.busy) / machineTotal : 0;
  const serverMain = (after.serverMain - before.serverMain) * TICK_MS;
  const serverOther = (after.serverAll - before.serverAll) * TICK_MS - serverMain;
  let postgres = 0;
  for (const [pid, ticks] of after.postgres) postgres += (ticks - (before.postgres.get(pid) ?? 0)) * TICK_MS;
  const busyMs = machineBusyFraction * capacityMs;
  const others = Math.max(0, busyMs - serverMain - serverOther - postgres - loadGeneratorMs);
  const n = Math.max(1, requests);
  const pct = (ms: number) => round((100 * ms) / capacityMs, 1);
  return {
    machineBusyPct: round(100 * machineBusyFraction, 1),
    perRequestMs: {
      serverMainThread: round(serverMain / n, 3),
      serverOtherThreads: round(serverOther / n, 3),
      postgres: round(postgres / n, 3),
      loadGenerator: round(loadGeneratorMs / n, 3),
      otherProcesses: round(others / n, 3),
    },
    sharePct: {
      serverMainThread: pct(serverMain), serverOtherThreads: pct(serverOther), postgres: pct(postgres),
      loadGenerator: pct(loadGeneratorMs), otherProcesses: pct(others), idle: round(100 - 100 * machineBusyFraction, 1),
    },
  };
}
