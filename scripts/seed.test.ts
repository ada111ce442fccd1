// seedDemo on a fresh embedded database: creates the demo once, then only finds it.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.GATEHOUSE_SECRET ||= "unit-test-secret-unit-test-secret-0123456789";
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client.ts";
import { verifyPassword } from "../lib/auth/password.ts";
import { getAppSecret } from "../lib/apps/apps.ts";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-db.ts";
import { applyMigrations } from "./migrate.ts";
import { DEMO_ADMIN_PASSWORD, seedDemo } from "./seed.ts";
import { findFreePort } from "./free-port.ts";

const work = mkdtempSync(path.join(tmpdir(), "gatehouse-seed-test-"));
let database: EmbeddedDatabase;
let client: PrismaClient;


beforeAll(async () => {
  database = await startEmbeddedDatabase({ dataDir: path.join(work, "pglite"), port: await findFreePort() });
  await applyMigrations(database.url, { embedded: true });
  // Pool of one: the socket server multiplexes every connection onto one PGlite session.
  client = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 1 }) });
}, 120_000);

afterAll(async () => {
  await client?.$disconnect();
  await database?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("seedDemo", () => {
  it("creates the demo org, admin and app once, and is idempotent", async () => {
    const first = await seedDemo(client);
    expect(first).toMatchObject({
      orgCode: "demo", adminEmail: "admin@demo.test", adminPassword: DEMO_ADMIN_PASSWORD, panelUrlPath: "/demo/login",
    });
    expect(first.demoAppKey).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(first.demoAppSecret).toMatch(/^[A-Za-z0-9]{64}$/);

    const org = await client.org.findUniqueOrThrow({ where: { code: "demo" }, include: { apps: true } });
    expect(org.name).toBe("Demo Health");
    expect(org.apps.map((a) => [a.name, a.builtIn]).sort()).toEqual([["Control Panel", true], ["Demo Mobile App", false]]);
    const demoApp = org.apps.find((a) => !a.builtIn)!;
    expect(getAppSecret(demoApp)).toBe(first.demoAppSecret);

    const admin = await client.account.findUniqueOrThrow({ where: { orgId_email: { orgId: org.id, email: "admin@demo.test" } } });
    expect(admin).toMatchObject({ mobile: "+15555550100", roles: ["admin"] });
    expect(await verifyPassword(admin.passwordHash, DEMO_ADMIN_PASSWORD)).toBe(true);

    const second = await seedDemo(client);
    expect(second).toEqual({ ...first, demoAppSecret: null }); // the secret is revealed only once
    expect(await client.org.count()).toBe(1);
    expect(await client.app.count()).toBe(2);
    expect(await client.account.count()).toBe(1);
  }, 60_000);
});
