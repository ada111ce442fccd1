import { defineConfig } from "vitest/config";
import path from "node:path";

// Unit tests sit beside the code (lib/**/*.test.ts, scripts/**/*.test.ts). Tests that touch the
// database use DATABASE_URL, which scripts/test.ts sets (PostgreSQL in CI, embedded otherwise).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "prisma/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
