// The demo data `npm run dev` puts in a fresh database: one org, its admin, and one mobile app.
// Idempotent: every run finds what already exists and creates only what is missing, and it never
// changes existing rows (an admin who changed the demo password keeps their password).
//
// Standalone: `DATABASE_URL=... GATEHOUSE_SECRET=... tsx scripts/seed.ts` prints the result as JSON.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Db } from "../lib/db.ts";
import { createOrg, getOrgByCode } from "../lib/orgs/orgs.ts";
import { createAccount, getAccountByEmail } from "../lib/accounts/accounts.ts";
import { createApp } from "../lib/apps/apps.ts";

export const DEMO_ORG_CODE = "demo";
export const DEMO_ORG_NAME = "Demo Health";
export const DEMO_ADMIN_EMAIL = "admin@demo.test";
/** Documented in README: a fixed, local-only demo password. */
export const DEMO_ADMIN_PASSWORD = "gatehouse-demo-1";
export const DEMO_ADMIN_MOBILE = "+15555550100";
export const DEMO_APP_NAME = "Demo Mobile App";

export interface DemoSeed {
  orgCode: string;
  adminEmail: string;
  adminPassword: string;
  panelUrlPath: string;
  demoAppKey: string;
  /** The demo app's signing secret — only on the run that created the app (shown once, ever). */
  demoAppSecret: string | null;
}

export async function seedDemo(db: Db): Promise<DemoSeed> {
  const orgId = await ensureDemoOrg(db);
  await ensureDemoAdmin(db, orgId);
  const app = await ensureDemoApp(db, orgId);
  return {
    orgCode: DEMO_ORG_CODE,
    adminEmail: DEMO_ADMIN_EMAIL,
    adminPassword: DEMO_ADMIN_PASSWORD,
    panelUrlPath: `/${DEMO_ORG_CODE}/login`,
    demoAppKey: app.key,
    demoAppSecret: app.secret,
  };
}

async function ensureDemoOrg(db: Db): Promise<string> {
  const existing = await getOrgByCode(db, DEMO_ORG_CODE);
  if (existing) return existing.id;
  const { org } = await createOrg(db, { code: DEMO_ORG_CODE, name: DEMO_ORG_NAME });
  return org._id;
}

async function ensureDemoAdmin(db: Db, orgId: string): Promise<void> {
  if (await getAccountByEmail(db, orgId, DEMO_ADMIN_EMAIL)) return;
  await createAccount(db, {
    orgId,
    email: DEMO_ADMIN_EMAIL,
    password: DEMO_ADMIN_PASSWORD,
    mobile: DEMO_ADMIN_MOBILE,
    name: { first: "Demo", last: "Admin" },
    roles: ["admin"],
  });
}

async function ensureDemoApp(db: Db, orgId: string): Promise<{ key: string; secret: string | null }> {
  const existing = await db.app.findFirst({
    where: { orgId, name: DEMO_APP_NAME, builtIn: false },
    orderBy: { createdAt: "asc" },
    select: { key: true },
  });
  if (existing) return { key: existing.key, secret: null };
  const { app, secret } = await createApp(db, { orgId, name: DEMO_APP_NAME, type: "session" });
  return { key: app.key, secret };
}

async function seedFromCommandLine(): Promise<void> {
  const { db } = await import("../lib/db.ts");
  try {
    console.log(JSON.stringify(await seedDemo(db()), null, 2));
  } finally {
    await db().$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  seedFromCommandLine().catch((error) => {
    console.error(`seed: ${(error as Error).message}`);
    process.exit(1);
  });
}
