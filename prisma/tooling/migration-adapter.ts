// Driver adapter for the Prisma 6.19 WASM schema engine (`engine: "js"`), with the workarounds
// described in docs/decisions/0001-prisma-migration-adapter.md. Used only by the Prisma CLI;
// the application's runtime client is built in lib/db.ts.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
// Catalog types adapter-pg cannot map (prisma/orm#27403): the schema engine reads them as text.
const CATALOG_TEXT_OIDS = new Set([18, 19, 22, 24, 30, 194, 2205, 2206]);
const CATALOG_TEXT_ARRAY_OIDS = new Set([1002, 1003]);

type PgResult = { fields?: Array<{ dataTypeID: number }> };

function rewriteCatalogTypes<T>(result: T): T {
  for (const r of (Array.isArray(result) ? result : [result]) as PgResult[]) {
    for (const field of r?.fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
      else if (CATALOG_TEXT_ARRAY_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY_OID;
    }
  }
  return result;
}

/** pg.Client that reports catalog-typed columns as text (workaround 1). */
class CatalogAwareClient extends pg.Client {
  // pg's query() has many overloads: post-process both callback (used by pg.Pool) and promise results.
  query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last];
      args[last] = (err: unknown, res: unknown) => callback(err, err ? res : rewriteCatalogTypes(res));
    }
    const out = (super.query as any)(...args);
    return out && typeof out.then === "function" ? out.then(rewriteCatalogTypes) : out;
  }
}

/** Discrete connection fields: pg lets `connectionString` override `database` (workaround 2). */
export function connectionFields(url: string) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname),
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: decodeURIComponent(u.password || ""),
    database: decodeURIComponent(u.pathname.replace(/^\//, "") || "postgres"),
    ssl: u.searchParams.get("sslmode") === "require" ? { rejectUnauthorized: false } : false,
  };
}

function poolConfig(url: string): pg.PoolConfig {
  // allowExitOnIdle lets the CLI exit once the engine is done (workaround 5, with the preload).
  return { ...connectionFields(url), Client: CatalogAwareClient as any, max: 1, allowExitOnIdle: true };
}

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/** Run a migration file as one simple-protocol query, so DO/plpgsql bodies survive (workaround 4). */
function runScriptsWhole(adapter: Adapter): Adapter {
  const driver = adapter.underlyingDriver() as pg.Pool;
  adapter.executeScript = async (script: string) => {
    try {
      await driver.query(script);
    } catch (error) {
      (adapter as any).onError(error);
    }
  };
  return adapter;
}

export type ShadowProvider = () => Promise<{ url: string; close: () => Promise<void> }>;

export class MigrationAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg" as const;

  constructor(
    private readonly url: string,
    private readonly shadow?: ShadowProvider,
  ) {}

  async connect() {
    return runScriptsWhole(await new PrismaPg(poolConfig(this.url)).connect());
  }

  async connectToShadowDb() {
    if (this.shadow) {
      const shadow = await this.shadow();
      const adapter = runScriptsWhole(await new PrismaPg(poolConfig(shadow.url)).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await shadow.close();
      };
      return adapter;
    }
    const name = `prisma_migrate_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client(connectionFields(this.url));
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const shadowUrl = new URL(this.url);
    shadowUrl.pathname = `/${name}`;
    const adapter = runScriptsWhole(await new PrismaPg(poolConfig(shadowUrl.toString())).connect());
    const dispose = adapter.dispose.bind(adapter);
    // End the shadow pool first, then drop the database (workaround 3).
    adapter.dispose = async () => {
      await dispose();
      const cleanup = new pg.Client(connectionFields(this.url));
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    };
    return adapter;
  }
}
