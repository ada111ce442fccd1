import { defineConfig } from "@playwright/test";

// Run through `npm test` (scripts/test.ts), which starts PostgreSQL/PGlite, the fake Twilio server
// and `next start`, and passes BASE_URL. API specs (e2e/api) need no browser.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"], ["json"]],
  use: {
    baseURL: process.env.BASE_URL,
    trace: "retain-on-failure",
  },
  projects: [
    { name: "api", testMatch: "api/**/*.spec.ts" },
    {
      name: "browser",
      testIgnore: "api/**",
      testMatch: "**/*.spec.ts",
      use: {
        browserName: "chromium",
        launchOptions: {
          executablePath: chromium,
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
        },
      },
    },
  ],
});
