// The panel's sign-in in real Chromium against `next start`: new-location verification with the code
// read from the fake Twilio server, resend with its cool-down, wrong and expired codes, keyboard-only
// use, verified devices, lockout and the other faults, and revocable sessions (sign out).
import { test, expect } from "@playwright/test";
import { ageCodes, createTestAccount, createTestOrg, db, sms } from "./support/fixtures.ts";
import { codesSentTo, fingerprintCookie, giveBrowserVerifiedLocation, panelAppId, signInWithCode, submitCredentials } from "./support/panel.ts";

test.describe("panel sign-in", () => {
  test("a new device gets a code field naming the phone ending; the texted code signs in and verifies the device", async ({ page, context }) => {
    const org = await createTestOrg();
    const account = await createTestAccount(org, { roles: ["admin"] });
    await page.goto(`/${org.code}/login`);
    await expect(page.getByRole("heading", { name: `Sign in to ${org.name}` })).toBeVisible();
    await expect(page.getByLabel("Verification code")).toHaveCount(0);

    await submitCredentials(page, account.email, account.password);
    const codeField = page.getByLabel("Verification code");
    await expect(codeField).toBeVisible();
    await expect(codeField).toBeFocused();
    await expect(codeField).toHaveAttribute("autocomplete", "one-time-code");
    await expect(codeField).toHaveAttribute("inputmode", "numeric");
    const ending = account.mobile!.slice(-2);
    await expect(page.getByTestId("login-message")).toContainText(`ending in ${ending}`);
    await expect(page.getByTestId("code-step")).toContainText(`ending in ${ending}`);
    // The location's fingerprint cookie was set with the kNewLocation answer (same cookie as the API).
    const fingerprint = await fingerprintCookie(context);
    expect(fingerprint).toMatch(/^[A-Za-z0-9]{40}\./);

    const code = await sms.waitForCode(account.mobile!);
    await expect(page.getByTestId("login-message")).not.toContainText(code);
    await codeField.fill(code);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`/${org.code}$`));
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toHaveText("Test User");

    const location = await db().location.findFirstOrThrow({ where: { accountId: account.id } });
    expect(location).toMatchObject({ state: "verified", verifiedBy: "code", appId: await panelAppId(org) });
    expect(location.name).toMatch(/^Control panel · Chrome/);
    expect(location.lastLoginIp).toBe("127.0.0.1");
    const signedIn = await db().auditEvent.findFirstOrThrow({ where: { orgId: org.id, type: "login.succeeded" } });
    expect(signedIn).toMatchObject({ accountId: account.id, appId: await panelAppId(org), ip: "127.0.0.1" });
    // The panel cookie is next-auth's encrypted JWT: the core session token is not readable in it.
    const session = await db().session.findFirstOrThrow({ where: { accountId: account.id, endedAt: null } });
    const cookies = await context.cookies();
    const panelCookie = cookies.find((c) => c.name === "gatehouse.panel-session")!;
    expect(panelCookie.httpOnly).toBe(true);
    expect(panelCookie.value.split(".")).toHaveLength(5); // JWE compact serialisation
    expect(session.appId).toBe(await panelAppId(org));
  });

  test("a wrong code gets its own message and keeps the code step; the right code then works", async ({ page }) => {
    const org = await createTestOrg();
    const account = await createTestAccount(org, { roles: ["admin"] });
    await page.goto(`/${org.code}/login`);
    await submitCredentials(page, account.email, account.password);
    const code = await sms.waitForCode(account.mobile!);
    const wrong = code === "000000" ? "111111" : "000000";

    await page.getByLabel("Verification code").fill(wrong);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByTestId("login-message")).toContainText("That code is not right");
    await expect(page.getByTestId("login-message")).toContainText("4 tries left");
    await expect(page.getByLabel("Verification code")).toBeFocused();
    await expect(page.getByLabel("Email")).toHaveValue(account.email); // nothing typed is lost

    await page.getByLabel("Verification code").fill("12");
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByText("Enter the 6-digit code from the text message.")).toBeVisible();

    await page.getByLabel("Verification code").fill(`${code.slice(0, 3)} ${code.slice(3)}`); // pasted with a space
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    expect(await db().auditEvent.count({ where: { orgId: org.id, type: "code.rejected" } })).toBe(1);
  });

  test("resend shows a visible cool-down, then sends a new code that replaces the old one", async ({ page }) => {
    await page.clock.install();
    const org = await createTestOrg();
    const account = await createTestAccount(org, { roles: ["admin"] });
    await page.goto(`/${org.code}/login`);
    await submitCredentials(page, account.email, account.password);
    const first = await sms.waitForCode(account.mobile!);

    const resend = page.getByTestId("resend");
    await expect(resend).toBeDisabled();
    await expect(resend).toHaveText(/Resend code in (60|59|58) s/);
    await page.clock.fastForward(10_000);
    await expect(resend).toHaveText(/Resend code in (50|49|48) s/);

    // Past the server's 60 s cool-down (moved back in time in the database, not slept through).
    await ageCodes(account.id, 61);
    await page.clock.fastForward(51_000);
    await expect(resend).toHaveText("Resend code");
    await expect(resend).toBeEnabled();
    const seen = await codesSentTo(account.mobile!);
    await resend.click();
    await expect(page.getByTestId("login-message")).toContainText("We sent a new 6-digit code");
    await expect(resend).toHaveText(/Resend code in \d+ s/);
    const second = await sms.waitForCode(account.mobile!, { after: seen });

    if (second !== first) {
      await page.getByLabel("Verification code").fill(first);
      await page.getByRole("button", { name: "Verify and sign in" }).click();
      await expect(page.getByTestId("login-message")).toContainText("That code is not right");
    }
    await page.getByLabel("Verification code").fill(second);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  });

  test("signing in again while a code is pending asks for that code, with the remaining cool-down", async ({ page }) => {
    const org = await createTestOrg();
    const account = await createTestAccount(org, { roles: ["admin"] });
    await page.goto(`/${org.code}/login`);
    await submitCredentials(page, account.email, account.password);
    const code = await sms.waitForCode(account.mobile!);

    await page.reload();
    await submitCredentials(page, account.email, account.password);
    await expect(page.getByTestId("login-message")).toContainText("A code is already on its way");
    await expect(page.getByTestId("resend")).toHaveText(/Resend code in \d+ s/);
    await expect(page.getByTestId("resend")).toBeDisabled();
    expect((await sms.messages(account.mobile!)).length).toBe(1);
    await page.getByLabel("Verification code").fill(code);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  });

  test("an expired code says so and a new one can be requested at once", async ({ page }) => {
    const org = await createTestOrg();
    const account = await createTestAccount(org, { roles: ["admin"] });
    await page.goto(`/${org.code}/login`);
    await submitCredentials(page, account.email, account.password);
    const code = await sms.waitForCode(account.mobile!);
    // The SMS leaves before the code's transaction commits; the code step appears after it.
    await expect(page.getByLabel("Verification code")).toBeVisible();
    await ageCodes(account.id, 11 * 60);
    await page.getByLabel("Verification code").fill(code);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByTestId("login-message")).toContainText("This code has expired");
    await expect(page.getByTestId("resend")).toBeEnabled();
    const seen = await codesSentTo(account.mobile!);
    await page.getByTestId("resend").click();
    const fresh = await sms.waitForCode(account.mobile!, { after: seen });
    await page.getByLabel("Verification code").fill(fresh);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  });

  test("keyboard only: type, Tab and Enter through the whole new-device sign-in", async ({ page }) => {
    const org = await createTestOrg();
    const account = await createTestAccount(org, { roles: ["admin"] });
    await page.goto(`/${org.code}/login`);
    await expect(page.getByLabel("Email")).toBeFocused();
    await page.keyboard.type(account.email);
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Password")).toBeFocused();
    await page.keyboard.type(account.password);
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Verification code")).toBeFocused();
    const code = await sms.waitForCode(account.mobile!);
    await page.keyboard.type(code);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

    // The panel itself is reachable by keyboard: the skip link comes first.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  });

  test("a device verified earlier goes straight in, with no text message", async ({ page, context }) => {
    const org = await createTestOrg();
    const account = await createTestAccount(org, { roles: ["admin"] });
    await giveBrowserVerifiedLocation(context, org, account);
    await page.goto(`/${org.code}/login`);
    await submitCredentials(page, account.email, account.password);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    expect(await sms.messages(account.mobile!)).toHaveLength(0);
  });

  test("wrong passwords, then the lockout, each get a clear message", async ({ page }) => {
    const org = await createTestOrg({ lockAttempts: 2, lockDuration: 15 });
    const account = await createTestAccount(org, { roles: ["admin"] });
    await page.goto(`/${org.code}/login`);
    await submitCredentials(page, account.email, "not the password");
    await expect(page.getByTestId("login-message")).toContainText("Wrong email or password");
    await expect(page.getByLabel("Password")).toBeFocused();
    await page.getByLabel("Password").fill("still not it");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("login-message")).toContainText("Account locked");
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("login-message")).toContainText("This account is locked");
    expect(await sms.messages(account.mobile!)).toHaveLength(0);
  });

  test("no mobile number, and a failed text message, each get their own message", async ({ page }) => {
    const org = await createTestOrg();
    const noMobile = await createTestAccount(org, { roles: ["admin"], mobile: null });
    await page.goto(`/${org.code}/login`);
    await submitCredentials(page, noMobile.email, noMobile.password);
    await expect(page.getByTestId("login-message")).toContainText("No mobile number on this account");
    await expect(page.getByLabel("Verification code")).toHaveCount(0);

    const unlucky = await createTestAccount(org, { roles: ["admin"] });
    await sms.failFor(unlucky.mobile!);
    try {
      await page.getByLabel("Email").fill(unlucky.email);
      await page.getByLabel("Password").fill(unlucky.password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.getByTestId("login-message")).toContainText("The text message could not be sent");
    } finally {
      await sms.clearFailures();
    }
  });

  test("a tampered device cookie is refused; resetting it leads to a fresh verification", async ({ page, context }) => {
    const org = await createTestOrg();
    const account = await createTestAccount(org, { roles: ["admin"] });
    await context.addCookies([{ name: "md.fingerprint", value: `${"A".repeat(40)}.forged`, url: process.env.BASE_URL! }]);
    await page.goto(`/${org.code}/login`);
    await submitCredentials(page, account.email, account.password);
    await expect(page.getByTestId("login-message")).toContainText("device cookie is invalid");
    await page.getByTestId("reset-device").click();
    await expect(page.getByLabel("Verification code")).toBeVisible();
    const code = await sms.waitForCode(account.mobile!);
    await page.getByLabel("Verification code").fill(code);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  });

  test("sign out ends the server-side session: the old cookie no longer opens the panel", async ({ page, context }) => {
    const org = await createTestOrg();
    const account = await createTestAccount(org, { roles: ["admin"] });
    await signInWithCode(page, org, account);
    const saved = (await context.cookies()).find((c) => c.name === "gatehouse.panel-session")!;

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(new RegExp(`/${org.code}/login\\?reason=signedOut$`));
    await expect(page.getByTestId("login-message")).toContainText("You signed out");
    expect(await db().session.count({ where: { accountId: account.id, endedAt: null } })).toBe(0);

    // Replaying the captured cookie is useless: the session row is over.
    await context.addCookies([saved]);
    await page.goto(`/${org.code}/settings/organization`);
    await expect(page).toHaveURL(new RegExp(`/${org.code}/login`));
    await expect(page.getByTestId("login-message")).toContainText("This session was signed out");
  });

  test("an unknown org is a 404; the landing page leads to an org's sign-in page", async ({ page }) => {
    const org = await createTestOrg();
    const missing = await page.goto("/no-such-org-here/login");
    expect(missing?.status()).toBe(404);

    await page.goto("/");
    await page.getByLabel("Organization code").fill("no-such-org-here");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText("There is no organization with the code")).toBeVisible();
    await expect(page.getByLabel("Organization code")).toHaveValue("no-such-org-here");
    await page.getByLabel("Organization code").fill(org.code);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(new RegExp(`/${org.code}/login$`));
    await expect(page.getByRole("heading", { name: `Sign in to ${org.name}` })).toBeVisible();
  });
});
