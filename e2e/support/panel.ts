// Browser-side fixtures for the control panel. Only sign-in and verification flows go through the
// UI; other specs mint what they need directly through the core:
//   - giveBrowserVerifiedLocation: this browser context is a device already verified for the panel
//   - mintPanelSession: a signed-in panel session (core session row + next-auth JWT cookie)
import type { BrowserContext, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { db } from "../../lib/db.ts";
import { getPanelApp } from "../../lib/apps/apps.ts";
import { createFingerprint, hashFingerprint, signFingerprint } from "../../lib/auth/fingerprint.ts";
import { startSession } from "../../lib/auth/sessions.ts";
import { panelCookieName, PANEL_JWT_MAX_AGE_SECONDS, type PanelJwtClaims } from "../../lib/panel/cookie.ts";
import { BASE_URL, sms, type TestAccount, type TestOrg } from "./fixtures.ts";

export async function panelAppId(org: TestOrg): Promise<string> {
  const app = await getPanelApp(db(), org.id);
  if (!app) throw new Error(`org ${org.code} has no panel app`);
  return app.id;
}

function cookieFor(name: string, value: string) {
  return { name, value, url: BASE_URL, httpOnly: true, sameSite: "Lax" as const };
}

/** The context's md.fingerprint value (signed cookie), or undefined. */
export async function fingerprintCookie(context: BrowserContext): Promise<string | undefined> {
  return (await context.cookies(BASE_URL)).find((c) => c.name === "md.fingerprint")?.value;
}

/** Make this browser context a device verified for the org's panel app (as if verified earlier). */
export async function giveBrowserVerifiedLocation(context: BrowserContext, org: TestOrg, account: TestAccount): Promise<{ locationId: string; fingerprint: string }> {
  const fingerprint = createFingerprint();
  const location = await db().location.create({
    data: {
      orgId: org.id, accountId: account.id, fingerprintHash: hashFingerprint(fingerprint), appId: await panelAppId(org),
      state: "verified", verifiedBy: "code", verifiedAt: new Date(), name: "Test browser",
    },
  });
  await context.addCookies([cookieFor("md.fingerprint", signFingerprint(fingerprint))]);
  return { locationId: location.id, fingerprint };
}

/** Sign this browser context in to the panel without the UI: a verified device, a core session, the JWT cookie. */
export async function mintPanelSession(context: BrowserContext, org: TestOrg, account: TestAccount): Promise<{ locationId: string; sessionToken: string }> {
  const { locationId, fingerprint } = await giveBrowserVerifiedLocation(context, org, account);
  const appId = await panelAppId(org);
  const session = await db().$transaction((tx) => startSession(tx, {
    orgId: org.id, appId, authDurationSeconds: 900, csrf: false, accountId: account.id, locationId,
    fingerprintHash: hashFingerprint(fingerprint), singleUse: false, exclusive: false, ip: "127.0.0.1", userAgent: "playwright",
  }, new Date()));
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set (run through npm test)");
  const claims: PanelJwtClaims & Record<string, unknown> = {
    sub: account.id, orgCode: org.code, panelSession: session.token, name: "Test User", email: account.email,
  };
  const jwt = await encode({ token: claims, secret, maxAge: PANEL_JWT_MAX_AGE_SECONDS });
  await context.addCookies([cookieFor(panelCookieName(), jwt)]);
  return { locationId, sessionToken: session.token };
}

/** Count of code-bearing texts to a number (to wait for the next one). */
export async function codesSentTo(mobile: string): Promise<number> {
  return (await sms.messages(mobile)).length;
}

/** Fill the sign-in form and submit it. */
export async function submitCredentials(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Sign in through the UI from a new device, entering the texted code. */
export async function signInWithCode(page: Page, org: TestOrg, account: TestAccount) {
  const seen = await codesSentTo(account.mobile!);
  await page.goto(`/${org.code}/login`);
  await submitCredentials(page, account.email, account.password);
  await expect(page.getByLabel("Verification code")).toBeVisible();
  const code = await sms.waitForCode(account.mobile!, { after: seen });
  await page.getByLabel("Verification code").fill(code);
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/${org.code}$`));
}
