// Local (developer-machine) environment shared by `npm run dev` and `npm run cli`: the .data
// directory, the generated GATEHOUSE_SECRET, .env loading, and where the database is.
import { createHmac } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { config as loadDotenv } from "dotenv";
import { randomAlphanumeric } from "../lib/crypto/random.ts";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DATA_DIR = path.join(PROJECT_ROOT, ".data");
export const SECRET_FILE = path.join(DATA_DIR, "secret");
export const EMBEDDED_DATA_DIR = path.join(DATA_DIR, "pglite");

/** Load .env.local then .env like Next does, so the scripts and the app agree on DATABASE_URL.
 * Variables already in the environment win. `quiet`: dotenv 17 otherwise logs to stdout. */
export function loadDotEnvFiles(): void {
  loadDotenv({ path: [path.join(PROJECT_ROOT, ".env.local"), path.join(PROJECT_ROOT, ".env")], quiet: true });
}

export function ensureDataDir(): void {
  mkdirSync(DATA_DIR, { recursive: true });
}

/** The local master secret from .data/secret, or null if there is none yet. */
export function readLocalSecret(): string | null {
  if (!existsSync(SECRET_FILE)) return null;
  const secret = readFileSync(SECRET_FILE, "utf8").trim();
  if (secret.length < 32) throw new Error(`${SECRET_FILE} holds fewer than 32 characters; delete it to generate a new one.`);
  return secret;
}

/**
 * The local master secret, created on first use (48 random alphanumerics, ~285 bits, mode 0600).
 * It must survive restarts: app secrets are sealed and fingerprints signed with keys derived from it.
 */
export function loadOrCreateLocalSecret(): string {
  const existing = readLocalSecret();
  if (existing) return existing;
  ensureDataDir();
  const secret = randomAlphanumeric(48);
  try {
    writeFileSync(SECRET_FILE, `${secret}\n`, { mode: 0o600, flag: "wx" }); // wx: never clobber
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return readLocalSecret()!; // lost a race
    throw e;
  }
  return secret;
}

/** next-auth's secret, derived so there is one secret to keep, yet the two uses never share a key. */
export function deriveNextAuthSecret(gatehouseSecret: string): string {
  return createHmac("sha256", gatehouseSecret).update("gatehouse:nextauth-secret").digest("base64url");
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` (e.g. a running embedded DB). */
export function isPortListening(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
