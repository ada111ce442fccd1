// Automated accessibility checks (axe-core, every rule it runs by default) on the sign-in page in
// both states, the settings pages and the landing page.
import { test, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { createTestAccount, createTestOrg, sms } from "./support/fixtures.ts";
import { mintPanelSession, submitCredentials } from "./support/panel.ts";

async function expectNoViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, `${what}: axe violations`).toEqual([]);
}

test("sign-in page: credentials, error and code states have no axe violations", async ({ page }) => {
  const org = await createTestOrg();
  const account = await createTestAccount(org, { roles: ["admin"] });
  await page.goto(`/${org.code}/login`);
  await expect(page.getByLabel("Email")).toBeVisible();
  await expectNoViolations(page, "sign-in");

  await submitCredentials(page, account.email, "wrong password");
  await expect(page.getByTestId("login-message")).toContainText("Wrong email or password");
  await expectNoViolations(page, "sign-in with an error");

  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByLabel("Verification code")).toBeVisible();
  await sms.waitForCode(account.mobile!);
  await expectNoViolations(page, "sign-in, code step");

  await page.getByLabel("Verification code").fill("000000");
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByTestId("login-message")).toContainText(/not right|too many/i);
  await expectNoViolations(page, "sign-in, wrong code");
});

test("landing page has no axe violations", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByLabel("Organization code")).toBeVisible();
  await expectNoViolations(page, "landing");
});

test("settings pages (organization with bypass warnings, apps) have no axe violations", async ({ page, context }) => {
  const org = await createTestOrg({ bypassEmails: ["dev@example.test"] });
  const admin = await createTestAccount(org, { roles: ["admin"] });
  await mintPanelSession(context, org, admin);

  await page.goto(`/${org.code}/settings/organization`);
  await expect(page.getByRole("heading", { name: "Organization settings" })).toBeVisible();
  await expectNoViolations(page, "settings › organization");
  await page.locator("#bypass").getByLabel("Add people").fill("*");
  await page.locator("#bypass").getByRole("button", { name: "Add", exact: true }).click();
  await page.locator("#security").getByLabel("Lockout after wrong passwords").fill("-3");
  await page.locator("#security").getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Must be 0 (never lock) or more.")).toBeVisible();
  await expectNoViolations(page, "settings › organization with errors and the '*' warning");

  await page.goto(`/${org.code}/settings/apps`);
  await expect(page.getByRole("heading", { name: "Apps", exact: true })).toBeVisible();
  await expectNoViolations(page, "settings › apps");
  await page.getByRole("button", { name: "New app" }).click();
  await expectNoViolations(page, "settings › apps, new app form");
  await page.getByLabel("Name").fill("Mobile");
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page.getByTestId("secret-reveal")).toBeVisible();
  await expectNoViolations(page, "settings › apps, secret shown");
});

test("overview, accounts, account and audit pages have no axe violations", async ({ page, context }) => {
  const org = await createTestOrg();
  const admin = await createTestAccount(org, { roles: ["admin"] });
  await mintPanelSession(context, org, admin);
  for (const [path, heading] of [["", "Overview"], ["/accounts", "Accounts"], [`/accounts/${admin.id}`, admin.email], ["/audit", "Audit log"], ["/accounts/new", "New account"]]) {
    await page.goto(`/${org.code}${path}`);
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    await expectNoViolations(page, path || "overview");
  }
});
