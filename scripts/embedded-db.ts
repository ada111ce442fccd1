// The embedded default database: PGlite (PostgreSQL 17 in WASM) persisted in a directory and
// served on loopback by pglite-socket, so `npm run dev` needs no database server and the app and
// the Prisma CLI use the same driver and migrations as production (STACK-NOTES.md).
//
// Standalone: `tsx scripts/embedded-db.ts [--data-dir DIR] [--port N]` prints the URL and serves
// until SIGINT/SIGTERM.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { EMBEDDED_DATABASE_URL } from "../lib/env.ts";
import { lockSessionPerConnection } from "./embedded-session-lock.ts";

export const EMBEDDED_DEFAULT_PORT = 54329;
/** Connections are serialised per protocol cycle (embedded-session-lock.ts), so several may share it. */
const MAX_CONNECTIONS = 64;
export const EMBEDDED_DEFAULT_DATA_DIR = ".data/pglite";
const HOST = "127.0.0.1";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir?: string;
  port?: number;
}

/** The connection URL for an embedded database on `port`. sslmode=disable: pglite-socket 0.1.3
 * never answers the SSL request, so a client that asks for SSL hangs. */
export function embeddedDatabaseUrl(port: number): string {
  return `postgresql://postgres:postgres@${HOST}:${port}/postgres?sslmode=disable`;
}

/**
 * Start PGlite on `dataDir` and serve it on 127.0.0.1:`port`. The returned `stop()` closes the
 * socket server, then PGlite (flushing its files), then releases the directory lock; it is safe
 * to call more than once. Several client connections may share it: each owns the single PGlite
 * session for one protocol cycle or transaction at a time (embedded-session-lock.ts).
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir ?? EMBEDDED_DEFAULT_DATA_DIR);
  const port = options.port ?? EMBEDDED_DEFAULT_PORT;

  await assertPortFree(port);
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create({ dataDir });
    // One connection at a time (0.1.3's real default, stated here on purpose): the server feeds
    // every connection into one PostgreSQL session message by message, so a second connection's
    // statements can land inside the first one's transaction (and be rolled back with it).
    // A second client is refused ("Connection terminated unexpectedly") until the first leaves.
    server = new PGLiteSocketServer({ db, port, host: HOST, maxConnections: MAX_CONNECTIONS });
    lockSessionPerConnection(server);
    await startSocketServer(server, port);
  } catch (error) {
    await server?.stop().catch(() => {});
    await db?.close().catch(() => {});
    releaseLock();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await server!.stop().catch(() => {});
      await db!.close().catch(() => {});
      releaseLock();
    })());
  return { url: embeddedDatabaseUrl(port), stop };
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} on ${HOST} is already in use, so the embedded database cannot start. ` +
        `Another \`npm run dev\` (or embedded database) is probably running: stop it, ` +
        `or set DATABASE_URL to use a PostgreSQL server instead.`,
    );
    this.name = "PortInUseError";
  }
}

/** Fail fast with a clear message: pglite-socket 0.1.3's start() never settles on EADDRINUSE. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "EADDRINUSE" ? new PortInUseError(port) : e),
    );
    probe.listen(port, HOST, () => probe.close(() => resolve()));
  });
}

/** start(), but rejecting on a listen error (someone grabbed the port since the probe). */
function startSocketServer(server: PGLiteSocketServer, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (event: Event) => {
      const error = (event as CustomEvent).detail as NodeJS.ErrnoException | undefined;
      reject(error?.code === "EADDRINUSE" ? new PortInUseError(port) : (error ?? new Error("Embedded database failed to start")));
    };
    server.addEventListener("error", onError, { once: true });
    server.start().then(
      () => {
        server.removeEventListener("error", onError);
        resolve();
      },
      reject,
    );
  });
}

/**
 * Two PGlite instances writing one data directory corrupt it. The port check catches the usual
 * case (a second `npm run dev`); this pid lock also covers two instances on different ports.
 * A lock left by a dead process (crash, kill -9) is taken over.
 */
const openInThisProcess = new Set<string>();

function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  const holder = readLockHolder(lockFile);
  // Our own pid in the lock is only live if this process really has the directory open: after a
  // container restart the new process often gets the crashed one's pid.
  const held = holder === process.pid ? openInThisProcess.has(dataDir) : holder !== null && isProcessAlive(holder);
  if (held) {
    throw new Error(
      `The embedded database directory ${dataDir} is in use by process ${holder}. Stop that process first ` +
        `(if it is not a Gatehouse process, delete ${lockFile}).`,
    );
  }
  writeFileSync(lockFile, String(process.pid));
  openInThisProcess.add(dataDir);
  return () => {
    openInThisProcess.delete(dataDir);
    if (readLockHolder(lockFile) === process.pid) rmSync(lockFile, { force: true });
  };
}

function readLockHolder(lockFile: string): number | null {
  try {
    const pid = Number(readFileSync(lockFile, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

// ---------------------------------------------------------------------------------------------
// Standalone

async function serveUntilSignalled(): Promise<void> {
  const { values } = parseArgs({
    options: { "data-dir": { type: "string" }, port: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log("Usage: tsx scripts/embedded-db.ts [--data-dir .data/pglite] [--port 54329]");
    return;
  }
  const port = values.port ? Number(values.port) : EMBEDDED_DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Invalid --port: ${values.port}`);
  const database = await startEmbeddedDatabase({ dataDir: values["data-dir"], port });
  console.log(database.url);
  if (database.url !== EMBEDDED_DATABASE_URL) {
    console.error("(not the default port: set DATABASE_URL to this URL and DATABASE_POOL_MAX=1)");
  }
  const shutdown = async () => {
    await database.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  serveUntilSignalled().catch((error) => {
    console.error(`embedded-db: ${(error as Error).message}`);
    process.exit(1);
  });
}
