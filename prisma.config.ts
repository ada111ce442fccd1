// Prisma CLI configuration: the WASM schema engine with our migration adapter (see
// docs/decisions/0001-prisma-migration-adapter.md). Prisma does not load .env when this file exists.
import "dotenv/config";
import { defineConfig } from "prisma/config";
import { MigrationAdapterFactory } from "./prisma/tooling/migration-adapter.ts";
import { startEphemeralShadow } from "./prisma/tooling/ephemeral-shadow.ts";

export const EMBEDDED_DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:54329/postgres?sslmode=disable";
// `prisma generate` needs *some* URL or it tries to download a query engine.
process.env.DATABASE_URL ||= EMBEDDED_DATABASE_URL;
const url = process.env.DATABASE_URL;
// PGlite cannot CREATE DATABASE: against it, migrate dev uses a throw-away in-memory PGlite.
const isEmbedded = process.env.GATEHOUSE_EMBEDDED === "1" || url === EMBEDDED_DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new MigrationAdapterFactory(url, isEmbedded ? startEphemeralShadow : undefined) as any,
});
