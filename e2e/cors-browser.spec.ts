// CORS in a real browser: a web app on another origin uses the SDK (lib/client, transpiled as-is
// and loaded as ES modules) with the browser's own cookie jar. Chromium enforces what the API specs
// can only assert on headers: the preflight with the Cortex headers, credentials, the exposed
// Medable-Csrf-Token, and a refused origin.
import { test, expect } from "@playwright/test";
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { findFreePort } from "../scripts/free-port.ts";
import { BASE_URL, createTestAccount, createTestApp, createTestOrg, db } from "./support/fixtures.ts";

let server: Server;
let webOrigin: string;

test.beforeAll(async () => {
  const port = await findFreePort();
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname.startsWith("/sdk/") && /^\/sdk\/[\w-]+\.ts$/.test(url.pathname)) {
      const source = await readFile(path.join("lib/client", path.basename(url.pathname)), "utf8").catch(() => null);
      if (source === null) return void res.writeHead(404).end();
      const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      return void res.writeHead(200, { "Content-Type": "text/javascript" }).end(js);
    }
    res.writeHead(200, { "Content-Type": "text/html" }).end(
      `<!doctype html><title>web app</title><script type="module">import * as G from "/sdk/index.ts"; window.Gatehouse = G; document.title = "ready";</script>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  webOrigin = `http://127.0.0.1:${port}`; // another origin than the API (port), same site (cookies flow)
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test("a listed origin signs in, reads the CSRF token and changes state through CORS with credentials", async ({ page }) => {
  const org = await createTestOrg({ bypassEmails: ["*"] }); // no SMS step: this test is about CORS
  const { app } = await createTestApp(org, { name: "Web", csrf: true, corsOrigins: [webOrigin] });
  const account = await createTestAccount(org);
  await page.goto(`${webOrigin}/`);
  await expect(page).toHaveTitle("ready");

  const result = await page.evaluate(async ({ baseUrl, org, key, email, password }) => {
    const G = (window as any).Gatehouse;
    const client = new G.GatehouseClient({ baseUrl, org, key }); // browser: cookies: "platform"
    const login = await client.login(email, password);
    const csrf = await client.csrfToken();
    const me = await client.me();
    const updated = await client.updateMe({ name: { first: "Browser" } });
    const status = await client.status();
    const out = await client.logout();
    const after = await client.me().then(() => null, (e: any) => e.code);
    return { login: login.state, csrf, me: me._id, first: updated.name.first, loggedin: status.loggedin, out, after };
  }, { baseUrl: BASE_URL, org: org.code, key: app.key, email: account.email, password: account.password });

  expect(result).toEqual({
    login: "signedIn", csrf: expect.stringMatching(/^[A-Za-z0-9]{64}$/), me: account.id, first: "Browser", loggedin: true, out: true, after: "kNotLoggedIn",
  });
  // The session cookie lived in the browser's jar, out of reach of page script (HttpOnly).
  expect((await page.context().cookies(BASE_URL)).map((c) => c.name)).toContain("md.fingerprint");
  expect(await page.evaluate(() => document.cookie)).toBe("");
});

test("an origin the app does not list cannot call the API from a browser", async ({ page }) => {
  const org = await createTestOrg({ bypassEmails: ["*"] });
  const { app } = await createTestApp(org, { name: "Web", corsOrigins: ["https://somewhere-else.example.test"] });
  const account = await createTestAccount(org);
  await page.goto(`${webOrigin}/`);
  await expect(page).toHaveTitle("ready");
  const error = await page.evaluate(async ({ baseUrl, org, key, email, password }) => {
    const client = new (window as any).Gatehouse.GatehouseClient({ baseUrl, org, key });
    return client.login(email, password).then(() => "signed in", (e: any) => `${e.name}: ${e.message}`);
  }, { baseUrl: BASE_URL, org: org.code, key: app.key, email: account.email, password: account.password });
  expect(error).toMatch(/^TypeError/); // the browser blocked it: a CORS failure is a network error
  expect(await db().session.count({ where: { accountId: account.id } })).toBe(0);
});
