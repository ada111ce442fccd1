// The application's Prisma client (driver adapter over node-postgres), one per process.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";
import { getEnv } from "./env.ts";

const globalForPrisma = globalThis as unknown as { gatehousePrisma?: PrismaClient };

function createClient(): PrismaClient {
  const env = getEnv();
  const adapter = new PrismaPg({
    connectionString: env.DATABASE_URL,
    max: env.databasePoolMax,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter, omit: { account: { passwordHash: true } } });
}

/** The shared client. Password hashes are omitted from every query unless asked for. */
export function db(): PrismaClient {
  return (globalForPrisma.gatehousePrisma ??= createClient());
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
