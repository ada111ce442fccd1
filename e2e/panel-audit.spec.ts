// The audit log in Chromium: newest first, 50 a page, filters by account, event type and date.
import { test, expect } from "@playwright/test";
import { createTestAccount, createTestOrg, db } from "./support/fixtures.ts";
import { mintPanelSession, panelAppId } from "./support/panel.ts";
import { recordAudit } from "../lib/audit/audit.ts";

test("filter and page through the audit log", async ({ page, context }) => {
  const org = await createTestOrg();
  const admin = await createTestAccount(org, { roles: ["admin"] });
  const ann = await createTestAccount(org);
  const bob = await createTestAccount(org);
  const ctx = { orgId: org.id, appId: await panelAppId(org), ip: "203.0.113.7", userAgent: "e2e" };
  // 55 sign-ins by Ann, one a minute on 2031-03-01; 5 failed sign-ins by Bob on 2031-03-02.
  for (let i = 0; i < 55; i++) {
    await recordAudit(db(), ctx, { type: "login.succeeded", accountId: ann.id }, new Date(Date.UTC(2031, 2, 1, 9, i)));
  }
  for (let i = 0; i < 5; i++) {
    await recordAudit(db(), ctx, { type: "login.failed", accountId: bob.id, detail: { fault: "kInvalidCredentials" } }, new Date(Date.UTC(2031, 2, 2, 9, i)));
  }
  await mintPanelSession(context, org, admin);

  await page.goto(`/${org.code}/audit`);
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const rows = page.getByTestId("audit-rows").getByRole("row");
  await expect(rows).toHaveCount(50);
  await expect(page.getByRole("navigation", { name: "Audit log pages" })).toContainText("Page 1 of 2 · 60 items");
  // Newest first: Bob's failures of 2031-03-02 lead.
  await expect(rows.first()).toHaveAttribute("data-type", "login.failed");
  await expect(rows.first()).toContainText(bob.email);
  await expect(rows.first()).toContainText("fault: kInvalidCredentials");
  await expect(rows.first()).toContainText("203.0.113.7");

  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(rows).toHaveCount(10);
  await expect(rows.last()).toContainText("1 Mar 2031, 09:00 UTC");
  await page.getByRole("link", { name: "Previous" }).click();
  await expect(rows).toHaveCount(50);

  // By event type.
  await page.getByLabel("Event", { exact: true }).selectOption("login.failed");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(rows).toHaveCount(5);
  for (const type of await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-type")))) expect(type).toBe("login.failed");

  // By account (email) and date.
  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByLabel("Event", { exact: true })).toHaveValue(""); // the form shows the cleared filter
  await page.getByLabel("Account", { exact: true }).fill(ann.email);
  await page.getByLabel("From", { exact: true }).fill("2031-03-01");
  await page.getByLabel("To", { exact: true }).fill("2031-03-01");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("navigation", { name: "Audit log pages" })).toContainText("Page 1 of 2 · 55 items");
  await page.getByRole("link", { name: "Next" }).click();
  await expect(rows).toHaveCount(5);
  await expect(page.getByLabel("Account", { exact: true })).toHaveValue(ann.email); // filters survive paging

  await page.getByLabel("From", { exact: true }).fill("2031-03-02");
  await page.getByLabel("To", { exact: true }).fill("");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No events match these filters")).toBeVisible();

  await page.getByLabel("Account", { exact: true }).fill("nobody@example.test");
  await page.getByLabel("From", { exact: true }).fill("");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No account matches “nobody@example.test” in this organization.")).toBeVisible();
});
