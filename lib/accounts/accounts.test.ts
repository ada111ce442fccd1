// createAccount / the account view against a real PostgreSQL (DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import "../testing/database-test-env.ts";

import { randomBytes } from "node:crypto";
import { db } from "../db.ts";
import { Fault, isFault } from "../faults.ts";
import { catchFault } from "../testing/catch-fault.ts";
import { verifyPassword } from "../auth/password.ts";
import { createOrg } from "../orgs/orgs.ts";
import { AccountView, createAccount, EmailInput, getAccountByEmail, MobileInput, PasswordInput, toAccountView } from "./accounts.ts";

let orgId: string;
const uniqueEmail = (prefix = "user") => `${prefix}-${randomBytes(4).toString("hex")}@Example.com`;


async function readPasswordHash(accountId: string): Promise<string> {
  const rows = await db().$queryRaw<Array<{ password_hash: string }>>`SELECT password_hash FROM accounts WHERE id = ${accountId}`;
  return rows[0].password_hash;
}

beforeAll(async () => {
  const { org } = await createOrg(db(), { code: `t-acct-${randomBytes(5).toString("hex")}`, name: "Accounts" });
  orgId = org._id;
});

afterAll(async () => {
  await db().$disconnect();
});

describe("input schemas", () => {
  it("normalise email and mobile, keep passwords as typed", () => {
    expect(EmailInput.parse("  Ann.Lee@Example.COM ")).toBe("ann.lee@example.com");
    expect(EmailInput.safeParse("ann@").success).toBe(false);
    expect(MobileInput.parse("+1 (555) 555-0100")).toBe("+15555550100");
    for (const bad of ["5555550100", "+0555550100", "+12345", "+1234567890123456", "+1555abc0100"]) {
      expect(MobileInput.safeParse(bad).success, bad).toBe(false);
    }
    expect(PasswordInput.parse(" spaces kept ")).toBe(" spaces kept ");
    expect(PasswordInput.safeParse("1234567").success).toBe(false);
    expect(PasswordInput.safeParse("x".repeat(257)).success).toBe(false);
    expect(PasswordInput.safeParse("x".repeat(256)).success).toBe(true);
  });
});

describe("createAccount", () => {
  it("stores a lower-cased email and an argon2id hash that verifies", async () => {
    const email = uniqueEmail();
    const account = await createAccount(db(), {
      orgId, email: `  ${email} `, password: "correct horse", mobile: "+15555550123",
      name: { first: " Ann ", last: "Lee" }, roles: ["admin", "admin", "developer"],
    });
    expect(account.email).toBe(email.toLowerCase());
    expect(account.roles).toEqual(["admin", "developer"]);
    expect(account).not.toHaveProperty("passwordHash");

    const hash = await readPasswordHash(account.id);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword(hash, "correct horse")).toBe(true);
    expect(await verifyPassword(hash, "wrong horse")).toBe(false);
  });

  it("gives exactly the Cortex account view, without the password hash", async () => {
    const account = await createAccount(db(), {
      orgId, email: uniqueEmail("view"), password: "view-password", mobile: "+447700900123", name: { first: "Vi", last: "Ew" }, roles: ["member"],
    });
    const view = toAccountView(account);
    expect(Object.keys(view).sort()).toEqual(["_id", "created", "email", "mobile", "name", "object", "roles", "state"]);
    expect(view).toEqual({
      _id: account.id, object: "account", email: account.email, name: { first: "Vi", last: "Ew" },
      mobile: "+447700900123", roles: ["member"], state: "verified", created: account.createdAt.toISOString(),
    });
    expect(AccountView.parse(view)).toEqual(view);

    // Even a row read WITH the hash produces a view without it.
    const withHash = await db().account.findUniqueOrThrow({ where: { id: account.id }, omit: { passwordHash: false } });
    expect(withHash.passwordHash).toMatch(/^\$argon2id\$/);
    const json = JSON.stringify(toAccountView(withHash));
    expect(json).not.toContain("argon2");
    expect(json).not.toContain("password");
  });

  it("omits mobile from the view when there is none, and defaults name and roles", async () => {
    const account = await createAccount(db(), { orgId, email: uniqueEmail("nomobile"), password: "no-mobile-pass" });
    const view = toAccountView(account);
    expect(view).not.toHaveProperty("mobile");
    expect(view.name).toEqual({ first: "", last: "" });
    expect(view.roles).toEqual([]);
  });

  it("answers a duplicate email (any case) with a validation fault on `email`", async () => {
    const email = uniqueEmail("dup");
    await createAccount(db(), { orgId, email, password: "first-password" });
    const fault = await catchFault(createAccount(db(), { orgId, email: email.toUpperCase(), password: "second-password" }));
    expect(fault).toMatchObject({ code: "kValidationError", status: 400 });
    expect(fault.faults?.map((f) => f.path)).toEqual(["email"]);
    expect(fault.faults?.[0].message).toMatch(/already exists/);
    expect(await db().account.count({ where: { orgId, email: email.toLowerCase() } })).toBe(1);
  });

  it("allows the same email in another org", async () => {
    const email = uniqueEmail("shared");
    const { org: other } = await createOrg(db(), { code: `t-acct2-${randomBytes(5).toString("hex")}`, name: "Other" });
    await createAccount(db(), { orgId, email, password: "password-one" });
    const second = await createAccount(db(), { orgId: other._id, email, password: "password-two" });
    expect(second.orgId).toBe(other._id);
  });

  it("answers bad input with one child fault per field", async () => {
    const fault = await catchFault(createAccount(db(), {
      orgId, email: "not-an-email", password: "short", mobile: "555-0100", roles: ["root" as "admin"],
    }));
    expect(fault.faults?.map((f) => f.path).sort()).toEqual(["email", "mobile", "password", "roles.0"]);
    expect(fault.faults?.find((f) => f.path === "mobile")?.message).toMatch(/E\.164/);
    expect(fault.faults?.find((f) => f.path === "password")?.message).toMatch(/at least 8/);
  });

  it("answers an unknown org with kNotFound", async () => {
    const fault = await catchFault(createAccount(db(), { orgId: "ffffffffffffffffffffffff", email: uniqueEmail(), password: "orphan-password" }));
    expect(fault.errCode).toBe("cortex.notFound.org");
  });

  it("works inside a transaction and rolls back with it", async () => {
    const email = uniqueEmail("tx");
    await expect(db().$transaction(async (tx) => {
      await createAccount(tx, { orgId, email, password: "in-a-transaction" });
      throw new Error("roll back");
    })).rejects.toThrow("roll back");
    expect(await getAccountByEmail(db(), orgId, email)).toBeNull();
  });
});
