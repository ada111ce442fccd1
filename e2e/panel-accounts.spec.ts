// Accounts in Chromium: search, create, and the account page's actions. Revoking a device ends its
// session on that browser's next click, and that browser must then verify with a new code.
import { test, expect } from "@playwright/test";
import { createTestAccount, createTestOrg, db, sms } from "./support/fixtures.ts";
import { mintPanelSession, submitCredentials } from "./support/panel.ts";
import { LOCKED_UNTIL_UNLOCKED } from "../lib/auth/lockout.ts";

test.describe("Accounts", () => {
  test("search the org's accounts and create one", async ({ page, context }) => {
    const org = await createTestOrg();
    const admin = await createTestAccount(org, { roles: ["admin"] });
    await createTestAccount(org, { email: "grace.hopper@example.test" });
    await createTestAccount(org, { email: "alan.turing@example.test", mobile: null });
    await mintPanelSession(context, org, admin);

    await page.goto(`/${org.code}`);
    await page.getByRole("navigation", { name: "Control panel" }).getByRole("link", { name: "Accounts" }).click();
    await expect(page.getByRole("heading", { name: "Accounts" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Accounts" }).getByRole("row")).toHaveCount(4); // header + 3

    await page.getByLabel("Search accounts").fill("HOPPER");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\?q=HOPPER/);
    const rows = page.getByRole("table", { name: "Accounts" }).getByRole("row");
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText("grace.hopper@example.test");
    await page.getByLabel("Search accounts").fill("nobody-like-this");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByText("No accounts match “nobody-like-this”")).toBeVisible();

    await page.getByRole("link", { name: "New account" }).click();
    await page.getByLabel("First name").fill("Ada");
    await page.getByLabel("Last name").fill("Lovelace");
    await page.getByLabel("Email").fill("grace.hopper@example.test");
    await page.getByLabel("Mobile number").fill("+1 (555) 010-0199");
    await page.getByLabel("Initial password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Password must be at least 8 characters.")).toBeVisible();
    await page.getByLabel("Initial password").fill("a much longer password");
    await page.getByLabel("developer").check();
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("An account with this email already exists in this org.")).toBeVisible();
    await expect(page.getByLabel("First name")).toHaveValue("Ada"); // kept

    await page.getByLabel("Email").fill("Ada.Lovelace@Example.test");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "ada.lovelace@example.test" })).toBeVisible();
    await expect(page.getByText("Account created.")).toBeVisible();
    const created = await db().account.findFirstOrThrow({ where: { orgId: org.id, email: "ada.lovelace@example.test" } });
    expect(created).toMatchObject({ nameFirst: "Ada", nameLast: "Lovelace", mobile: "+15550100199" });
    expect([...created.roles].sort()).toEqual(["developer", "member"]);
    expect(await db().auditEvent.count({ where: { orgId: org.id, type: "account.created", accountId: created.id } })).toBe(1);
  });

  test("revoking a device ends that browser's session on its next click; it must then verify with a new code", async ({ page, context, browser }) => {
    const org = await createTestOrg();
    const admin = await createTestAccount(org, { roles: ["admin"] });
    const user = await createTestAccount(org, { roles: ["developer"] });
    await mintPanelSession(context, org, admin);

    // The user's browser, signed in on a verified device.
    const theirs = await browser.newContext();
    const theirPage = await theirs.newPage();
    const { locationId } = await mintPanelSession(theirs, org, user);
    await theirPage.goto(`/${org.code}`);
    await expect(theirPage.getByRole("heading", { name: "Overview" })).toBeVisible();

    await page.goto(`/${org.code}/accounts/${user.id}`);
    const row = page.getByTestId(`location-${locationId}`);
    await expect(row).toContainText("Test browser");
    await expect(row).toContainText("verified");
    await expect(row).toContainText("Code");
    await expect(row).toContainText("Control Panel");
    await row.getByRole("button", { name: "Revoke Test browser" }).click();
    await page.getByRole("dialog", { name: "Revoke “Test browser”?" }).getByRole("button", { name: "Revoke device" }).click();
    await expect(row).toContainText("revoked");
    await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);

    // Their next click lands on the sign-in page, which says why.
    await theirPage.getByRole("navigation", { name: "Control panel" }).getByRole("link", { name: "Audit log" }).click();
    await expect(theirPage).toHaveURL(new RegExp(`/${org.code}/login\\?reason=locationRevoked$`));
    await expect(theirPage.getByTestId("login-message")).toContainText("access from this device was revoked");

    // The revoked device is refused (same rule as the API); verifying it again takes a new code.
    await submitCredentials(theirPage, user.email, user.password);
    await expect(theirPage.getByTestId("login-message")).toContainText("Access from this device was revoked");
    await theirPage.getByTestId("reset-device").click();
    await expect(theirPage.getByLabel("Verification code")).toBeFocused();
    const code = await sms.waitForCode(user.mobile!);
    await theirPage.getByLabel("Verification code").fill(code);
    await theirPage.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(theirPage.getByRole("heading", { name: "Overview" })).toBeVisible();
    await theirs.close();

    const locations = await db().location.findMany({ where: { accountId: user.id }, orderBy: { createdAt: "asc" } });
    expect(locations.map((l) => l.state)).toEqual(["revoked", "verified"]);
    expect(locations[1].verifiedBy).toBe("code");
    await page.reload();
    await expect(page.getByRole("table", { name: "Devices of this account" }).getByRole("row")).toHaveCount(3);
  });

  test("unlock a locked account; end all sessions signs the account out everywhere", async ({ page, context, browser }) => {
    const org = await createTestOrg();
    const admin = await createTestAccount(org, { roles: ["admin"] });
    const user = await createTestAccount(org, { roles: ["admin"] });
    await db().account.update({ where: { id: user.id }, data: { lockedUntil: LOCKED_UNTIL_UNLOCKED, failedLogins: 0 } });
    await mintPanelSession(context, org, admin);
    const theirs = await browser.newContext();
    const theirPage = await theirs.newPage();
    await mintPanelSession(theirs, org, user);
    await theirPage.goto(`/${org.code}`);
    await expect(theirPage.getByRole("heading", { name: "Overview" })).toBeVisible();

    await page.goto(`/${org.code}/accounts/${user.id}`);
    await expect(page.getByText("Until an administrator unlocks it")).toBeVisible();
    await page.getByRole("button", { name: "Unlock account" }).click();
    await expect(page.getByTestId("account-outcome")).toHaveText("Account unlocked.");
    await expect(page.getByRole("button", { name: "Unlock account" })).toBeDisabled();
    expect((await db().account.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).toBeNull();

    await expect(page.getByTestId("live-sessions")).toHaveText("1");
    await page.getByRole("button", { name: "End all sessions" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "End sessions" }).click();
    await expect(page.getByTestId("account-outcome")).toHaveText("1 session ended.");
    await expect(page.getByTestId("live-sessions")).toHaveText("0");

    await theirPage.getByRole("navigation", { name: "Control panel" }).getByRole("link", { name: "Accounts" }).click();
    await expect(theirPage).toHaveURL(new RegExp(`/${org.code}/login\\?reason=admin$`));
    await expect(theirPage.getByTestId("login-message")).toContainText("An administrator ended your sessions");
    // Their device is still verified: signing in again needs no code.
    await submitCredentials(theirPage, user.email, user.password);
    await expect(theirPage.getByRole("heading", { name: "Overview" })).toBeVisible();
    await theirs.close();

    const types = (await db().auditEvent.findMany({ where: { orgId: org.id, accountId: user.id }, orderBy: { id: "asc" } })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["account.unlocked", "session.ended", "login.succeeded"]));
  });
});
