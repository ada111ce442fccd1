// Screenshots for docs/panel.md, taken from the real product with realistic data:
// {signin,signin-code,settings-organization,settings-apps,accounts,account}.png. They go to
// docs/screenshots/ only with UPDATE_SCREENSHOTS=1 (so an ordinary test run leaves the tree clean):
//   UPDATE_SCREENSHOTS=1 npm test -- e2e e2e/screenshots.spec.ts
import { test, expect } from "@playwright/test";
import path from "node:path";
import { createTestAccount, createTestApp, db, sms, type TestOrg } from "./support/fixtures.ts";
import { mintPanelSession, submitCredentials } from "./support/panel.ts";
import { createAccount } from "../lib/accounts/accounts.ts";
import { createOrg } from "../lib/orgs/orgs.ts";

const docsDir = path.join(process.cwd(), "docs", "screenshots");
test.use({ viewport: { width: 1280, height: 860 } });

/** "acme-health", recreated on every run (the screenshots show its code). */
async function realisticOrg(): Promise<TestOrg> {
  await db().org.deleteMany({ where: { code: "acme-health" } });
  const { org: created } = await createOrg(db(), { code: "acme-health", name: "Acme Health" });
  await db().org.update({ where: { id: created._id }, data: { bypassEmails: ["dev.team@acme-health.example"] } });
  const org: TestOrg = { id: created._id, code: created.code, name: created.name, appKey: "", appId: "" };
  await createTestApp(org, { name: "Patient app (iOS & Android)", type: "session", csrf: true });
  await createTestApp(org, { name: "Clinic portal", type: "session", csrf: true, authDuration: 1800 });
  await createTestApp(org, { name: "Nightly data export", type: "signature" });
  return org;
}

test("sign-in, settings, apps and accounts screenshots", async ({ page, context }, testInfo) => {
  const shots = process.env.UPDATE_SCREENSHOTS === "1" ? docsDir : testInfo.outputPath("screenshots");
  const org = await realisticOrg();
  const admin = await createTestAccount(org, { roles: ["admin"], email: "morgan.lee@acme-health.example" });
  await db().account.update({ where: { id: admin.id }, data: { nameFirst: "Morgan", nameLast: "Lee" } });
  const people: Array<[string, string, string, string[]]> = [
    ["priya.natarajan@acme-health.example", "Priya", "Natarajan", ["developer"]],
    ["samuel.okafor@acme-health.example", "Samuel", "Okafor", ["member"]],
    ["lena.fischer@acme-health.example", "Lena", "Fischer", ["member"]],
    ["dev.team@acme-health.example", "Dev", "Team", ["developer"]],
  ];
  for (const [email, first, last, roles] of people) {
    await createAccount(db(), { orgId: org.id, email, password: "correct horse battery", mobile: "+15555550142", name: { first, last }, roles: roles as ("admin" | "developer" | "member")[] });
  }
  await db().account.updateMany({ where: { orgId: org.id, email: "lena.fischer@acme-health.example" }, data: { lockedUntil: new Date(Date.now() + 10 * 60_000) } });
  const accounts = await db().account.findMany({ where: { orgId: org.id }, orderBy: { email: "asc" } });
  for (const [i, a] of accounts.entries()) {
    if (a.email !== "samuel.okafor@acme-health.example") {
      await db().account.update({ where: { id: a.id }, data: { lastLoginAt: new Date(Date.now() - (i + 1) * 97 * 60_000) } });
    }
  }

  // Sign-in: both states (a fresh browser context, so this is a new device).
  const signin = await context.browser()!.newContext({ viewport: { width: 1280, height: 860 } });
  const signinPage = await signin.newPage();
  await signinPage.goto(`/${org.code}/login`);
  await signinPage.getByLabel("Email").fill(admin.email);
  await signinPage.getByLabel("Password").fill(admin.password);
  await signinPage.screenshot({ path: path.join(shots, "signin.png"), fullPage: true });
  await submitCredentials(signinPage, admin.email, admin.password);
  await expect(signinPage.getByLabel("Verification code")).toBeFocused();
  await sms.waitForCode(admin.mobile!);
  await signinPage.getByLabel("Verification code").pressSequentially("4829", { delay: 10 });
  await signinPage.screenshot({ path: path.join(shots, "signin-code.png"), fullPage: true });
  await signin.close();

  const { locationId } = await mintPanelSession(context, org, admin);
  await db().location.update({ where: { id: locationId }, data: { name: "Control panel · Chrome on macOS", lastLoginAt: new Date(), lastLoginIp: "203.0.113.24" } });
  await page.goto(`/${org.code}/settings/organization`);
  await expect(page.getByTestId("bypass-warning")).toContainText("bypasses location verification");
  await page.screenshot({ path: path.join(shots, "settings-organization.png"), fullPage: true });

  await page.goto(`/${org.code}/settings/apps`);
  await page.getByRole("button", { name: "New app" }).click();
  await page.getByLabel("Name").fill("Partner integration");
  await page.getByLabel("Signature").check();
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page.getByTestId("secret-reveal")).toBeVisible();
  await page.screenshot({ path: path.join(shots, "settings-apps.png"), fullPage: true });

  await page.goto(`/${org.code}/accounts`);
  await expect(page.getByRole("table", { name: "Accounts" })).toBeVisible();
  await page.screenshot({ path: path.join(shots, "accounts.png"), fullPage: true });

  await page.goto(`/${org.code}/accounts/${admin.id}`);
  await expect(page.getByRole("table", { name: "Devices of this account" })).toBeVisible();
  await page.screenshot({ path: path.join(shots, "account.png"), fullPage: true });
});
