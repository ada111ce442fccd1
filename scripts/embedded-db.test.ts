// The embedded database: serves PGlite over the PostgreSQL protocol, takes our migrations,
// persists across restarts, and refuses a busy port or data directory with a clear message.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { EMBEDDED_DATABASE_URL } from "../lib/env.ts";
import { EMBEDDED_DEFAULT_PORT, embeddedDatabaseUrl, PortInUseError, startEmbeddedDatabase } from "./embedded-db.ts";
import { applyMigrations } from "./migrate.ts";
import { findFreePort } from "./free-port.ts";

const work = mkdtempSync(path.join(tmpdir(), "gatehouse-embedded-test-"));


async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("startEmbeddedDatabase", () => {
  it("uses lib/env's embedded URL on the default port", () => {
    expect(embeddedDatabaseUrl(EMBEDDED_DEFAULT_PORT)).toBe(EMBEDDED_DATABASE_URL);
  });

  it("serves migrations and data that survive a restart, and refuses a busy port", async () => {
    const dataDir = path.join(work, "pglite");
    const port = await findFreePort();
    const first = await startEmbeddedDatabase({ dataDir, port });
    try {
      expect(first.url).toBe(embeddedDatabaseUrl(port));
      await applyMigrations(first.url, { embedded: true });
      await query(first.url, "INSERT INTO orgs (code, name) VALUES ('persisted', 'Persisted')");

      const started = Date.now();
      await expect(startEmbeddedDatabase({ dataDir: path.join(work, "other"), port })).rejects.toThrow(PortInUseError);
      await expect(startEmbeddedDatabase({ dataDir: path.join(work, "other"), port })).rejects.toThrow(/already in use/);
      expect(Date.now() - started).toBeLessThan(5_000); // fails fast instead of hanging

      const otherPort = await findFreePort();
      await expect(startEmbeddedDatabase({ dataDir, port: otherPort })).rejects.toThrow(/in use by process/);
    } finally {
      await first.stop();
      await first.stop(); // idempotent
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    const second = await startEmbeddedDatabase({ dataDir, port });
    try {
      const rows = await query<{ id: string; name: string }>(second.url, "SELECT id, name FROM orgs WHERE code = 'persisted'");
      expect(rows).toHaveLength(1);
      expect(rows[0].id).toMatch(/^[0-9a-f]{24}$/); // gatehouse_object_id() from the migration
      expect(rows[0].name).toBe("Persisted");
    } finally {
      await second.stop();
    }
  }, 120_000);

  it("keeps concurrent connections' transactions apart (several pools, rollbacks interleaved)", async () => {
    const db = await startEmbeddedDatabase({ dataDir: path.join(work, "concurrent"), port: await findFreePort() });
    const pools = [0, 1, 2].map(() => new pg.Pool({ connectionString: db.url, max: 4 }));
    try {
      await pools[0].query("CREATE TABLE t (id serial PRIMARY KEY, who int NOT NULL, kept boolean NOT NULL)");
      // 60 transactions across 3 pools × 4 connections: even ones commit, odd ones roll back.
      await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const client = await pools[i % 3].connect();
          try {
            await client.query("BEGIN");
            await client.query("INSERT INTO t (who, kept) VALUES ($1, $2)", [i, i % 2 === 0]);
            await client.query("SELECT pg_sleep(0.001)");
            await client.query(i % 2 === 0 ? "COMMIT" : "ROLLBACK");
          } finally {
            client.release();
          }
        }),
      );
      // Parameterised statements outside transactions (Parse/Bind/Execute/Sync) must not interleave.
      const echoes = await Promise.all(
        Array.from({ length: 200 }, (_, i) => pools[i % 3].query("SELECT $1::int AS v, $2::text AS w", [i, `w${i}`])),
      );
      echoes.forEach((r, i) => expect(r.rows[0]).toEqual({ v: i, w: `w${i}` }));
      const rows = (await pools[1].query("SELECT who, kept FROM t ORDER BY who")).rows;
      expect(rows.map((r) => r.who)).toEqual(Array.from({ length: 30 }, (_, i) => i * 2));
      expect(rows.every((r) => r.kept)).toBe(true);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await db.stop();
    }
  }, 60_000);
});
