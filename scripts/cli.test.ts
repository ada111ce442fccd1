// The CLI as users run it: a child process, JSON on stdout, one error line on stderr, exit codes.
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  if (!process.env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: these tests need a migrated PostgreSQL database, " +
      "e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/gatehouse_h2 (npm test sets it).");
  }
  process.env.GATEHOUSE_SECRET ||= "unit-test-secret-unit-test-secret-0123456789";
});

import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { db } from "../lib/db.ts";
import { getAppSecret } from "../lib/apps/apps.ts";
import { APP_KEY_PATTERN, APP_SECRET_PATTERN } from "../lib/apps/keys.ts";

const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(TSX, ["scripts/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, GATEHOUSE_SECRET: process.env.GATEHOUSE_SECRET },
      timeout: 30_000,
    }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

afterAll(async () => {
  await db().$disconnect();
});

describe("scripts/cli.ts", () => {
  const code = `t-cli-${randomBytes(4).toString("hex")}`;

  it("creates an org, an account and an app, printing JSON only", async () => {
    const org = await runCli("org", "create", code, "--name", "CLI Org");
    expect(org.stderr).toBe("");
    expect(org.code).toBe(0);
    const orgJson = JSON.parse(org.stdout);
    expect(orgJson).toMatchObject({ code, name: "CLI Org" });
    expect(orgJson.id).toMatch(/^[0-9a-f]{24}$/);
    expect(orgJson.panelAppKey).toMatch(APP_KEY_PATTERN);

    const account = await runCli("account", "create", "--org", code, "--email", "Admin@CLI.test", "--password", "cli-password-1",
      "--mobile", "+15555550177", "--role", "admin", "--first", "Cli", "--last", "User");
    expect(account.code).toBe(0);
    expect(JSON.parse(account.stdout)).toMatchObject({
      object: "account", email: "admin@cli.test", mobile: "+15555550177", roles: ["admin"], name: { first: "Cli", last: "User" },
    });
    expect(account.stdout).not.toMatch(/argon2|password/i);

    const app = await runCli("app", "create", "--org", code, "--name", "CLI App", "--type", "signature", "--principal-override", "--auth-duration", "120");
    expect(app.code).toBe(0);
    const appJson = JSON.parse(app.stdout);
    expect(appJson).toMatchObject({ name: "CLI App", type: "signature", principalOverride: true, authDuration: 120 });
    expect(appJson.key).toMatch(APP_KEY_PATTERN);
    expect(appJson.secret).toMatch(APP_SECRET_PATTERN);
    // The printed secret is the one the server will check HMACs with (same GATEHOUSE_SECRET).
    const row = await db().app.findUniqueOrThrow({ where: { id: appJson.id } });
    expect(getAppSecret(row)).toBe(appJson.secret);

    const settings = await runCli("org", "settings", code, "--bypass", "Admin@CLI.test", "--registration", "on", "--lock-attempts", "4");
    expect(settings.code).toBe(0);
    expect(JSON.parse(settings.stdout)).toMatchObject({ bypassEmails: ["admin@cli.test"], registrationEnabled: true, lockAttempts: 4 });
  }, 60_000);

  it("exits 2 with one clear stderr line on bad input", async () => {
    const bad = await runCli("org", "create", "Not Valid!", "--name", "x");
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: Validation error\. code: Org code may contain only lower-case letters/);

    const duplicate = await runCli("account", "create", "--org", code, "--email", "x@cli.test", "--password", "short", "--mobile", "12345");
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toMatch(/password: Password must be at least 8 characters\./);
    expect(duplicate.stderr).toMatch(/mobile: Mobile must be an E\.164 number/);

    const noOrg = await runCli("app", "create", "--org", `${code}-missing`, "--name", "x", "--type", "session");
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toMatch(/Org not found/);
  }, 60_000);

  it("exits 2 on bad usage and prints help on --help", async () => {
    const unknown = await runCli("app", "create", "--org", code, "--bogus");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: Unknown option '--bogus'\..*--help/);
    const missing = await runCli("app", "create", "--org", code, "--name", "x");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--type is required/);
    const help = await runCli("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/org create <code> --name <name>/);
  }, 60_000);
});
