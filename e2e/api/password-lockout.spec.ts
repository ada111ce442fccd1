// SPEC §3 password lockout, and unknown email vs wrong password being indistinguishable.
import { test, expect } from "@playwright/test";
import { apiClient, createTestAccount, createTestOrg, db, giveVerifiedLocation } from "../support/fixtures.ts";

test.describe("password lockout", () => {
  test("lockAttempts wrong passwords lock the account; the locking attempt carries a kAccountLocked child", async () => {
    const org = await createTestOrg({ lockAttempts: 3, lockDuration: 15 });
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await giveVerifiedLocation(client, account, org.appId);

    for (let i = 0; i < 2; i++) {
      const res = await client.login(account.email, "wrong password");
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: "kInvalidCredentials", errCode: "cortex.accessDenied.invalidCredentials" });
      expect(res.body.faults).toBeUndefined();
    }
    const locking = await client.login(account.email, "wrong password");
    expect(locking.body).toMatchObject({
      code: "kInvalidCredentials",
      faults: [{ object: "fault", code: "kAccountLocked", errCode: "cortex.accessDenied.accountLocked", status: 403 }],
    });
    const later = await client.login(account.email, account.password);
    expect(later.status).toBe(403);
    expect(later.body).toMatchObject({ code: "kAccountLocked", errCode: "cortex.accessDenied.accountLocked" });

    const row = await db().account.findUniqueOrThrow({ where: { id: account.id } });
    expect(row.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(await db().auditEvent.count({ where: { accountId: account.id, type: "account.locked" } })).toBe(1);

    // When the lock runs out, the right password works again.
    await db().account.update({ where: { id: account.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await client.login(account.email, account.password)).status).toBe(200);
  });

  test("lockDuration 0 locks until an admin unlocks; lockAttempts 0 never locks", async () => {
    const org = await createTestOrg({ lockAttempts: 2, lockDuration: 0 });
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await client.login(account.email, "wrong");
    await client.login(account.email, "wrong");
    const row = await db().account.findUniqueOrThrow({ where: { id: account.id } });
    expect(row.lockedUntil!.getUTCFullYear()).toBe(9999);

    const never = await createTestOrg({ lockAttempts: 0 });
    const other = await createTestAccount(never);
    for (let i = 0; i < 12; i++) await apiClient(never).login(other.email, "wrong");
    expect((await db().account.findUniqueOrThrow({ where: { id: other.id } })).lockedUntil).toBeNull();
  });

  test("a right password resets the count of wrong ones", async () => {
    const org = await createTestOrg({ lockAttempts: 3 });
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await giveVerifiedLocation(client, account, org.appId);
    await client.login(account.email, "wrong");
    await client.login(account.email, "wrong");
    expect((await client.login(account.email, account.password)).status).toBe(200);
    await client.login(account.email, "wrong");
    await client.login(account.email, "wrong");
    expect((await db().account.findUniqueOrThrow({ where: { id: account.id } })).lockedUntil).toBeNull();
  });

  test("unknown email and wrong password get the same answer", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const strip = (b: any) => ({ ...b });
    const unknown = await apiClient(org).login("nobody@example.test", "whatever password");
    const wrong = await apiClient(org).login(account.email, "whatever password");
    expect(unknown.status).toBe(wrong.status);
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
    // Both run an argon2 verification: an unknown email is not answered measurably faster.
    const time = async (email: string) => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await apiClient(org).login(email, "whatever password");
        samples.push(performance.now() - t);
      }
      return samples.sort((a, b) => a - b)[2];
    };
    const unknownMs = await time("nobody@example.test");
    const wrongMs = await time(account.email);
    expect(unknownMs).toBeGreaterThan(wrongMs * 0.4);
  });
});
