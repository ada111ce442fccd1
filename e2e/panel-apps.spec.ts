// Settings › Apps in Chromium: create → secret shown once → gone on reload → regenerate (the old
// secret dies at once) → disable/enable → delete with confirmation; the built-in app is protected.
import { test, expect } from "@playwright/test";
import { apiClient, createTestAccount, createTestOrg, db } from "./support/fixtures.ts";
import { mintPanelSession, panelAppId } from "./support/panel.ts";
import { openSecret } from "../lib/crypto/secret-box.ts";

test.describe("Settings › Apps", () => {
  test("create a signature app, see its secret once, regenerate it, disable, enable and delete it", async ({ page, context }) => {
    const org = await createTestOrg();
    const admin = await createTestAccount(org, { roles: ["admin"] });
    await db().app.deleteMany({ where: { orgId: org.id, builtIn: false } }); // only the built-in app
    await mintPanelSession(context, org, admin);
    await page.goto(`/${org.code}/settings/apps`);
    await expect(page.getByRole("heading", { name: "Apps", exact: true })).toBeVisible();
    await expect(page.getByText("No apps of your own yet")).toBeVisible();

    // The built-in control-panel app: listed first, no disable or delete.
    const builtIn = page.getByTestId(`app-${await panelAppId(org)}`);
    await expect(builtIn).toContainText("Control Panel");
    await expect(builtIn).toContainText("Built in: cannot be disabled or deleted");
    await expect(builtIn.getByRole("button", { name: /Delete|Disable/ })).toHaveCount(0);

    await page.getByRole("button", { name: "New app" }).click();
    await page.getByLabel("Name").fill("Data sync");
    await page.getByLabel("Signature").check();
    await page.getByLabel("Allow principal override").check();
    await page.getByRole("button", { name: "Create app" }).click();

    const reveal = page.getByTestId("secret-reveal");
    await expect(reveal).toContainText("“Data sync” was created");
    await expect(reveal).toContainText("it will not be shown again");
    const secret = (await reveal.getByTestId("revealed-secret").textContent())!;
    expect(secret).toMatch(/^[A-Za-z0-9]{64}$/);
    const app = await db().app.findFirstOrThrow({ where: { orgId: org.id, name: "Data sync" } });
    expect(app).toMatchObject({ type: "signature", principalOverride: true, csrf: false, enabled: true });
    expect(openSecret(app.secretEncrypted)).toBe(secret);
    expect(await reveal.getByTestId("revealed-key").textContent()).toBe(app.key);
    await expect(reveal.getByRole("button", { name: "Copy secret" })).toBeVisible();

    const row = page.getByTestId(`app-${app.id}`);
    await expect(row).toContainText(app.key);
    await expect(row).toContainText("Enabled");

    // Never again: not after a reload, not anywhere in the page.
    await page.reload();
    await expect(page.getByTestId("secret-reveal")).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);

    // Regenerate: confirm, the new secret is shown once, the old one is gone from the database.
    await row.getByRole("button", { name: "Regenerate secret of Data sync" }).click();
    const dialog = page.getByRole("dialog", { name: "Regenerate the secret of “Data sync”?" });
    await expect(dialog).toContainText("stops working immediately");
    await dialog.getByRole("button", { name: "Regenerate" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("secret-reveal")).toContainText("New secret for “Data sync”");
    const regenerated = (await page.getByTestId("revealed-secret").textContent())!;
    expect(regenerated).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(regenerated).not.toBe(secret);
    const sealed = (await db().app.findUniqueOrThrow({ where: { id: app.id } })).secretEncrypted;
    expect(openSecret(sealed)).toBe(regenerated);
    expect(openSecret(sealed)).not.toBe(secret);
    await page.getByRole("button", { name: "I have stored the secret" }).click();
    await expect(page.getByTestId("secret-reveal")).toHaveCount(0);

    // Disable: the key stops working for the API at once; enable brings it back.
    await row.getByRole("button", { name: "Disable Data sync" }).click();
    await expect(row).toContainText("Disabled");
    expect((await db().app.findUniqueOrThrow({ where: { id: app.id } })).enabled).toBe(false);
    const status = await apiClient(org, app.key).status();
    expect(status.body).toMatchObject({ object: "fault", errCode: "cortex.accessDenied.appDisabled" });
    await row.getByRole("button", { name: "Enable Data sync" }).click();
    await expect(row).toContainText("Enabled");
    expect((await db().app.findUniqueOrThrow({ where: { id: app.id } })).enabled).toBe(true);

    // Delete: cancelling keeps it; confirming removes it.
    await row.getByRole("button", { name: "Delete Data sync" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete “Data sync”?" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    expect(await db().app.count({ where: { id: app.id } })).toBe(1);
    await row.getByRole("button", { name: "Delete Data sync" }).click();
    await confirm.getByRole("button", { name: "Delete app" }).click();
    await expect(page.getByTestId(`app-${app.id}`)).toHaveCount(0);
    expect(await db().app.count({ where: { id: app.id } })).toBe(0);
    await expect(page.getByText("No apps of your own yet")).toBeVisible();
  });

  test("a session app with CSRF and an idle timeout; bad input gets field errors and keeps what was typed", async ({ page, context }) => {
    const org = await createTestOrg();
    const admin = await createTestAccount(org, { roles: ["admin"] });
    await mintPanelSession(context, org, admin);
    await page.goto(`/${org.code}/settings/apps`);
    await page.getByRole("button", { name: "New app" }).click();
    await page.getByRole("button", { name: "Create app" }).click();
    await expect(page.getByText("Name is required.")).toBeVisible();

    await page.getByLabel("Name").fill("Web portal");
    await page.getByLabel("Session idle timeout (seconds)").fill("5");
    await page.getByRole("button", { name: "Create app" }).click();
    await expect(page.getByText("Auth duration must be at least 60 seconds.")).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveValue("Web portal");

    await page.getByLabel("Session idle timeout (seconds)").fill("1800");
    await page.getByRole("button", { name: "Create app" }).click();
    await expect(page.getByTestId("secret-reveal")).toContainText("“Web portal” was created");
    const app = await db().app.findFirstOrThrow({ where: { orgId: org.id, name: "Web portal" } });
    expect(app).toMatchObject({ type: "session", csrf: true, authDuration: 1800 });
    await expect(page.getByTestId(`app-${app.id}`)).toContainText("idle 30 min");

    // Signature app with an unknown fixed principal: the server's own field error.
    await page.getByRole("button", { name: "New app" }).click();
    await page.getByLabel("Name").fill("Nightly export");
    await page.getByLabel("Signature").check();
    await page.getByLabel("Fixed principal (optional)").fill("nobody@example.test");
    await page.getByRole("button", { name: "Create app" }).click();
    await expect(page.getByText("No account with this email or id in this organization.")).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveValue("Nightly export");
    await page.getByLabel("Fixed principal (optional)").fill(admin.email);
    await page.getByRole("button", { name: "Create app" }).click();
    await expect(page.getByTestId("secret-reveal")).toContainText("“Nightly export” was created");
    expect(await db().app.findFirstOrThrow({ where: { orgId: org.id, name: "Nightly export" } })).toMatchObject({ fixedPrincipalId: admin.id });
  });
});
