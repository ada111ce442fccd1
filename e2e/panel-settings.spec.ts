// Settings › Organization in Chromium: the bypass list changes the very next login, validation keeps
// what was typed, the other settings persist, and members get a 403 page.
import { test, expect } from "@playwright/test";
import { createTestAccount, createTestOrg, db, sms } from "./support/fixtures.ts";
import { mintPanelSession, submitCredentials } from "./support/panel.ts";

test.describe("Settings › Organization", () => {
  test("adding an email to the bypass list lets the next login from a new browser in without a code; removing it restores verification", async ({ page, context, browser }) => {
    const org = await createTestOrg();
    const admin = await createTestAccount(org, { roles: ["admin"] });
    const developer = await createTestAccount(org, { roles: ["developer"] });
    await mintPanelSession(context, org, admin);

    await page.goto(`/${org.code}/settings/organization`);
    await expect(page.getByRole("heading", { name: "Organization settings" })).toBeVisible();
    const bypass = page.locator("#bypass");
    await expect(bypass.getByTestId("bypass-empty")).toBeVisible();
    await expect(bypass.getByTestId("bypass-warning")).toBeEmpty();

    await bypass.getByLabel("Add people").fill(developer.email.toUpperCase());
    await bypass.getByRole("button", { name: "Add", exact: true }).click();
    await expect(bypass.getByTestId("bypass-list")).toContainText(developer.email);
    await expect(bypass.getByTestId("bypass-warning")).toContainText("1 person bypasses location verification");
    await expect(bypass.getByText("Unsaved changes")).toBeVisible();
    await bypass.getByRole("button", { name: "Save" }).click();
    await expect(bypass.getByTestId("form-status")).toHaveText("Saved. The next sign-in uses the new list.");
    expect((await db().org.findUniqueOrThrow({ where: { id: org.id } })).bypassEmails).toEqual([developer.email]);

    await page.reload();
    await expect(page.locator("#bypass").getByTestId("bypass-list")).toContainText(developer.email);
    await expect(page.locator("#bypass").getByTestId("bypass-warning")).toContainText("bypasses location verification");

    // A brand-new browser (no device cookie) signs in straight away: no text message.
    const fresh = await browser.newContext();
    const devPage = await fresh.newPage();
    await devPage.goto(`/${org.code}/login`);
    await submitCredentials(devPage, developer.email, developer.password);
    await expect(devPage.getByRole("heading", { name: "Overview" })).toBeVisible();
    expect(await sms.messages(developer.mobile!)).toHaveLength(0);
    expect(await db().location.findFirstOrThrow({ where: { accountId: developer.id } })).toMatchObject({ state: "verified", verifiedBy: "bypass" });
    await fresh.close();

    // Off the list again: the next new browser must verify with a code.
    await page.locator("#bypass").getByRole("button", { name: `Remove ${developer.email}` }).click();
    await expect(page.locator("#bypass").getByTestId("bypass-empty")).toBeVisible();
    await page.locator("#bypass").getByRole("button", { name: "Save" }).click();
    await expect(page.locator("#bypass").getByTestId("form-status")).toContainText("Saved");
    const another = await browser.newContext();
    const again = await another.newPage();
    await again.goto(`/${org.code}/login`);
    await submitCredentials(again, developer.email, developer.password);
    await expect(again.getByLabel("Verification code")).toBeVisible();
    await another.close();
  });

  test("bypass entries are validated and de-duplicated; '*' gets the strongest warning", async ({ page, context }) => {
    const org = await createTestOrg({ bypassEmails: ["dev@example.test"] });
    const admin = await createTestAccount(org, { roles: ["admin"] });
    await mintPanelSession(context, org, admin);
    await page.goto(`/${org.code}/settings/organization`);
    const bypass = page.locator("#bypass");
    const entry = bypass.getByLabel("Add people");

    await entry.fill("not-an-email");
    await entry.press("Enter");
    await expect(bypass.getByText("“not-an-email” is not an email address (or *).")).toBeVisible();
    await expect(entry).toHaveValue("not-an-email"); // kept, to fix

    await entry.fill("Dev@Example.test");
    await bypass.getByRole("button", { name: "Add", exact: true }).click();
    await expect(bypass.getByText("dev@example.test is already on the list.")).toBeVisible();
    await expect(bypass.getByTestId("bypass-list").getByRole("listitem")).toHaveCount(1);

    await entry.fill("qa@example.test, ops@example.test");
    await entry.press("Enter");
    await expect(bypass.getByTestId("bypass-list").getByRole("listitem")).toHaveCount(3);
    await expect(bypass.getByTestId("bypass-warning")).toContainText("3 people bypass");

    await entry.fill("*");
    await entry.press("Enter");
    await expect(bypass.getByTestId("bypass-warning")).toContainText("Everyone bypasses location verification");
    await bypass.getByRole("button", { name: "Save" }).click();
    await expect(bypass.getByTestId("form-status")).toContainText("Saved");
    expect((await db().org.findUniqueOrThrow({ where: { id: org.id } })).bypassEmails).toEqual(["dev@example.test", "qa@example.test", "ops@example.test", "*"]);

    // Discard brings back what was saved.
    await bypass.getByRole("button", { name: "Remove *" }).click();
    await expect(bypass.getByTestId("bypass-warning")).toContainText("3 people bypass");
    await bypass.getByRole("button", { name: "Discard" }).click();
    await expect(bypass.getByTestId("bypass-warning")).toContainText("Everyone bypasses");
  });

  test("the other settings validate with field errors, keep what was typed, and persist when valid", async ({ page, context }) => {
    const org = await createTestOrg();
    const admin = await createTestAccount(org, { roles: ["admin"] });
    await mintPanelSession(context, org, admin);
    await page.goto(`/${org.code}/settings/organization`);

    const general = page.locator("#general");
    await general.getByLabel("Display name").fill("");
    await general.getByRole("button", { name: "Save" }).click();
    await expect(general.getByText("Org name is required.")).toBeVisible();
    await expect(general.getByLabel("Display name")).toBeFocused();
    await general.getByLabel("Display name").fill("Acme Health");
    await general.getByLabel("Allow self-registration").check();
    await general.getByRole("button", { name: "Save" }).click();
    await expect(general.getByTestId("form-status")).toHaveText("Saved.");
    await expect(page.getByTestId("org-name")).toHaveText("Acme Health");

    const security = page.locator("#security");
    await security.getByLabel("Lockout after wrong passwords").fill("-1");
    await security.getByLabel("Lockout duration (minutes)").fill("");
    await security.getByLabel("Daily SMS budget").fill("250");
    await security.getByRole("button", { name: "Save" }).click();
    await expect(security.getByText("Must be 0 (never lock) or more.")).toBeVisible();
    await expect(security.getByText("Enter a whole number.")).toBeVisible();
    await expect(security.getByLabel("Daily SMS budget")).toHaveValue("250");
    await expect(security.getByLabel("Lockout after wrong passwords")).toHaveAttribute("aria-invalid", "true");

    await security.getByLabel("Lockout after wrong passwords").fill("5");
    await security.getByLabel("Lockout duration (minutes)").fill("0");
    await security.getByLabel("Allow simultaneous logins").uncheck();
    await security.getByRole("button", { name: "Save" }).click();
    await expect(security.getByTestId("form-status")).toContainText("Saved");
    const saved = await db().org.findUniqueOrThrow({ where: { id: org.id } });
    expect(saved).toMatchObject({ name: "Acme Health", registrationEnabled: true, lockAttempts: 5, lockDuration: 0, simultaneousLogins: false, smsDailyBudget: 250 });

    await page.reload();
    await expect(page.locator("#security").getByLabel("Lockout after wrong passwords")).toHaveValue("5");
    await expect(page.locator("#security").getByLabel("Allow simultaneous logins")).not.toBeChecked();
    const audit = await db().auditEvent.findMany({ where: { orgId: org.id, type: "org.updated" }, orderBy: { id: "asc" } });
    expect(audit.map((e) => (e.detail as { fields: string }).fields)).toEqual(["name,registrationEnabled", "lockAttempts,lockDuration,simultaneousLogins,smsDailyBudget"]);
  });

  test("a member gets a clear 403 page for every admin section, and sees only the overview in the navigation", async ({ page, context }) => {
    const org = await createTestOrg();
    const member = await createTestAccount(org, { roles: ["member"] });
    await mintPanelSession(context, org, member);

    for (const path of ["settings/organization", "settings/apps", "accounts", "audit"]) {
      const response = await page.goto(`/${org.code}/${path}`);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByTestId("forbidden")).toContainText("You don’t have access to this page");
    }
    const nav = page.getByRole("navigation", { name: "Control panel" });
    await expect(nav.getByRole("link")).toHaveText(["Overview"]);
    await page.getByRole("link", { name: "Back to the overview" }).click();
    await expect(page.getByRole("heading", { name: "Welcome, Test User" })).toBeVisible();
    // The org's settings did not leak into the 403 answer.
    expect(await page.content()).not.toContain("Location Verification Bypass");
  });
});
