// SPEC §3 code policy: tries per code, wrong codes per account, codes per location, the org's daily
// SMS budget, and one right code submitted concurrently.
import { test, expect } from "@playwright/test";
import { ageCodes, apiClient, createTestAccount, createTestOrg, db, sms } from "../support/fixtures.ts";

function wrongCodeFor(code: string, i = 0): string {
  return String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0");
}

test.describe("code limits", () => {
  test("five wrong tries burn a code; wrong codes never count toward the password lockout", async () => {
    const org = await createTestOrg({ lockAttempts: 3 });
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await client.login(account.email, account.password);
    const code = await sms.waitForCode(account.mobile!);

    for (let i = 0; i < 4; i++) {
      const res = await client.login(account.email, account.password, { verificationToken: wrongCodeFor(code, i) });
      expect(res.body.code).toBe("kInvalidArgument");
      expect(res.body.reason).toContain(`${4 - i} `);
    }
    const fifth = await client.login(account.email, account.password, { verificationToken: wrongCodeFor(code, 4) });
    expect(fifth.body).toMatchObject({ object: "fault", code: "kTooManyAttempts", errCode: "cortex.throttled.locationToken", status: 429 });
    expect(fifth.body).toMatchObject({ object: "fault", code: "kTooManyAttempts", errCode: "cortex.throttled.locationToken" });
    // Burned: even the right code no longer works.
    const right = await client.login(account.email, account.password, { verificationToken: code });
    expect(right.body.code).toBe("kTooManyAttempts");

    const acct = await db().account.findUniqueOrThrow({ where: { id: account.id } });
    expect(acct.lockedUntil).toBeNull();
    expect(acct.failedLogins).toBe(0);

    // Signing in again without a code issues a fresh one (no cool-down on a burned code).
    const fresh = await client.login(account.email, account.password);
    expect(fresh.body.code).toBe("kNewLocation");
    const newCode = await sms.waitForCode(account.mobile!, { after: 1 });
    expect((await client.login(account.email, account.password, { verificationToken: newCode })).status).toBe(200);
  });

  test("no more than 10 wrong codes per account per hour, across resends", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org);
    let sent = 0;
    let wrongTries = 0;
    for (let round = 0; round < 3 && wrongTries < 10; round++) {
      await ageCodes(account.id, 61);
      await client.login(account.email, account.password);
      const code = await sms.waitForCode(account.mobile!, { after: sent });
      sent = (await sms.messages(account.mobile!)).length;
      for (let i = 0; i < 4 && wrongTries < 10; i++, wrongTries++) {
        const res = await client.login(account.email, account.password, { verificationToken: wrongCodeFor(code, i) });
        expect(res.body.code).toBe("kInvalidArgument");
      }
    }
    expect(wrongTries).toBe(10);
    await ageCodes(account.id, 61);
    await client.login(account.email, account.password);
    const code = await sms.waitForCode(account.mobile!, { after: sent });
    const blocked = await client.login(account.email, account.password, { verificationToken: code });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe("kTooManyAttempts");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(3000);
  });

  test("no more than 5 codes per location per hour", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org);
    for (let i = 0; i < 5; i++) {
      await ageCodes(account.id, 61);
      const res = await client.login(account.email, account.password);
      expect(res.body.code).toBe("kNewLocation");
    }
    await ageCodes(account.id, 61);
    const sixth = await client.login(account.email, account.password);
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({ code: "kTooManyRequests", errCode: "cortex.throttled.smsNotification" });
    expect(await sms.messages(account.mobile!)).toHaveLength(5);
  });

  test("the org's daily SMS budget stops codes once spent", async () => {
    const org = await createTestOrg({ smsDailyBudget: 2 });
    const accounts = await Promise.all([0, 1, 2].map(() => createTestAccount(org)));
    for (const a of accounts.slice(0, 2)) {
      expect((await apiClient(org).login(a.email, a.password)).body.code).toBe("kNewLocation");
    }
    const third = await apiClient(org).login(accounts[2].email, accounts[2].password);
    expect(third.status).toBe(429);
    expect(third.body.reason).toMatch(/daily SMS budget/);
    expect(await sms.messages(accounts[2].mobile!)).toHaveLength(0);
  });

  test("one right code submitted 50 times concurrently creates exactly one session", async () => {
    const org = await createTestOrg();
    const account = await createTestAccount(org);
    const client = apiClient(org);
    await client.login(account.email, account.password);
    const code = await sms.waitForCode(account.mobile!);

    const attempts = await Promise.all(
      Array.from({ length: 50 }, () => {
        const c = apiClient(org);
        c.jar = client.jar.clone();
        return c.login(account.email, account.password, { verificationToken: code });
      }),
    );
    const ok = attempts.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of attempts.filter((r) => r.status !== 200)) {
      expect(r.body.code).toBe("kLocationAlreadyVerified");
    }
    expect(await db().session.count({ where: { accountId: account.id } })).toBe(1);
  });
});
