// Start `next start` (production build) as a child in its own process group, and stop it cleanly
// (killing by PID alone can leave next-server running: STACK-NOTES.md).
import { spawn, type ChildProcess } from "node:child_process";
import { waitForHttp } from "./free-port.ts";

export interface RunningServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startNextServer(opts: {
  port: number;
  env: NodeJS.ProcessEnv;
  log?: "inherit" | "ignore";
  /** "healthy" (default) waits for /api/health to answer 200; "responding" for any answer. */
  ready?: "healthy" | "responding";
}): Promise<RunningServer> {
  const child = spawn("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(opts.port)], {
    env: { ...opts.env, PORT: String(opts.port) },
    stdio: ["ignore", opts.log ?? "inherit", opts.log ?? "inherit"],
    detached: true,
  });
  const url = `http://127.0.0.1:${opts.port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`next start exited early with code ${code}`))),
  );
  exited.catch(() => {});
  try {
    await Promise.race([waitForHttp(`${url}/api/health`, 60_000, opts.ready === "responding"), exited]);
  } catch (error) {
    await stopProcessGroup(child);
    throw error;
  }
  return { url, child, stop: () => stopProcessGroup(child) };
}

export async function stopProcessGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }, graceMs);
  await done;
  clearTimeout(timer);
}
