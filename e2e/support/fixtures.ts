// Test data, owned by each test: a fresh org (unique code), accounts with unique mobile numbers,
// apps, and verified locations minted directly through the core — only the login and
// verification flows themselves go through HTTP or the browser.
import { randomBytes } from "node:crypto";
import { db } from "../../lib/db.ts";
import { createOrg } from "../../lib/orgs/orgs.ts";
import { createAccount } from "../../lib/accounts/accounts.ts";
import { createApp, type CreateAppInput } from "../../lib/apps/apps.ts";
import { createFingerprint, hashFingerprint, signFingerprint } from "../../lib/auth/fingerprint.ts";
import { FakeTwilioClient } from "./sms.ts";
import { ApiClient } from "./api-client.ts";

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:3000";
export const sms = new FakeTwilioClient(process.env.FAKE_TWILIO_URL ?? "http://127.0.0.1:4010");
export const PASSWORD = "correct horse battery";

let counter = 0;
function uniqueSuffix(): string {
  return `${process.pid.toString(36)}${(counter++).toString(36)}${randomBytes(3).toString("hex")}`;
}

/** A random, valid, test-only US number (+1 555 01xx xxxx style), unique per call. */
export function uniqueMobile(): string {
  const digits = BigInt(`0x${randomBytes(4).toString("hex")}`) % 10_000_000n;
  return `+1555${digits.toString().padStart(7, "0")}`;
}

export interface TestOrg {
  id: string;
  code: string;
  name: string;
  appKey: string;
  appId: string;
}

export async function createTestOrg(settings: Partial<{
  bypassEmails: string[]; lockAttempts: number; lockDuration: number; simultaneousLogins: boolean;
  registrationEnabled: boolean; smsDailyBudget: number;
}> = {}, app: { csrf?: boolean; authDuration?: number } = {}): Promise<TestOrg> {
  const code = `t-${uniqueSuffix()}`;
  const created = await createOrg(db(), { code, name: `Test Org ${code}` });
  const org = await db().org.update({ where: { code }, data: settings });
  const { app: sessionApp } = await createApp(db(), { orgId: org.id, name: "Mobile", type: "session", ...app });
  void created;
  return { id: org.id, code, name: org.name, appKey: sessionApp.key, appId: sessionApp._id };
}

export async function createTestApp(org: TestOrg, input: Partial<Omit<CreateAppInput, "orgId">> = {}) {
  return createApp(db(), { ...input, orgId: org.id, name: input.name ?? "Another app", type: input.type ?? "session" });
}

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  mobile: string | null;
}

export async function createTestAccount(org: TestOrg, opts: { mobile?: string | null; roles?: ("admin" | "developer" | "member")[]; email?: string } = {}): Promise<TestAccount> {
  const email = opts.email ?? `user-${uniqueSuffix()}@example.test`;
  const mobile = opts.mobile === undefined ? uniqueMobile() : opts.mobile;
  const account = await createAccount(db(), {
    orgId: org.id, email, password: PASSWORD, mobile: mobile ?? undefined,
    name: { first: "Test", last: "User" }, roles: opts.roles ?? ["member"],
  });
  return { id: account.id, email, password: PASSWORD, mobile };
}

/** Mint a verified location for the account (as if verified earlier) and put its cookie in the client's jar. */
export async function giveVerifiedLocation(client: ApiClient, account: TestAccount, appId: string): Promise<string> {
  const value = createFingerprint();
  const location = await db().location.create({
    data: {
      orgId: (await db().account.findUniqueOrThrow({ where: { id: account.id } })).orgId,
      accountId: account.id, fingerprintHash: hashFingerprint(value), appId, state: "verified", verifiedBy: "code", verifiedAt: new Date(),
    },
  });
  client.jar.set("md.fingerprint", signFingerprint(value));
  return location.id;
}

export function apiClient(org: TestOrg, key: string | null = org.appKey): ApiClient {
  return new ApiClient(BASE_URL, org.code, key);
}

/** Log in from a new location and complete verification with the texted code. */
export async function loginVerified(client: ApiClient, account: TestAccount) {
  const seen = (await sms.messages(account.mobile!)).length;
  const first = await client.login(account.email, account.password);
  if (first.body?.code !== "kNewLocation") throw new Error(`expected kNewLocation, got ${JSON.stringify(first.body)}`);
  const code = await sms.waitForCode(account.mobile!, { after: seen });
  const second = await client.login(account.email, account.password, { verificationToken: code });
  if (second.status !== 200) throw new Error(`verification failed: ${JSON.stringify(second.body)}`);
  return second;
}

/** Move the location's codes back in time (instead of sleeping through cool-downs and expiry). */
export async function ageCodes(accountId: string, seconds: number) {
  await db().$executeRaw`UPDATE verification_codes SET created_at = created_at - make_interval(secs => ${seconds}),
    expires_at = expires_at - make_interval(secs => ${seconds}) WHERE account_id = ${accountId}`;
}

export { db };
