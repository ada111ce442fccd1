// Admin actions on accounts against a real PostgreSQL (DATABASE_URL): revoking locations ends their
// sessions at once, unlock, end all sessions, search and detail, org scoping, audit records.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import "../testing/database-test-env.ts";

import { randomBytes } from "node:crypto";
import { db } from "../db.ts";
import { Fault, isFault } from "../faults.ts";
import { catchFault } from "../testing/catch-fault.ts";
import { createOrg } from "../orgs/orgs.ts";
import type { AdminActor } from "../audit/audit.ts";
import { createFingerprint, hashFingerprint } from "../auth/fingerprint.ts";
import { requireSession, startSession } from "../auth/sessions.ts";
import { LOCKED_UNTIL_UNLOCKED } from "../auth/lockout.ts";
import { createOrgAccount, getAccountDetail, searchAccounts } from "./admin.ts";
import { endAllSessions, revokeAllLocations, revokeLocation, unlockAccountByAdmin } from "./locations-admin.ts";

let actor: AdminActor;
let otherActor: AdminActor;


async function newActor(name: string): Promise<AdminActor> {
  const { org, panelApp } = await createOrg(db(), { code: `t-la-${randomBytes(5).toString("hex")}`, name });
  return { orgId: org._id, appId: panelApp._id, accountId: "0".repeat(24), ip: "127.0.0.1", userAgent: "vitest" };
}

async function newAccount(a: AdminActor, email = `u-${randomBytes(4).toString("hex")}@example.test`) {
  return createOrgAccount(a, { email, password: "correct horse battery", mobile: "+15555550100", name: { first: "Ann", last: "Lee" }, roles: ["member"] });
}

/** A verified location with a live session through the panel app. */
async function signedInDevice(a: AdminActor, accountId: string) {
  const fingerprint = createFingerprint();
  const fingerprintHash = hashFingerprint(fingerprint);
  const location = await db().location.create({
    data: { orgId: a.orgId, accountId, fingerprintHash, appId: a.appId!, state: "verified", verifiedBy: "code", verifiedAt: new Date() },
  });
  const session = await db().$transaction((tx) => startSession(tx, {
    orgId: a.orgId, appId: a.appId!, authDurationSeconds: 900, csrf: false, accountId, locationId: location.id, fingerprintHash,
    singleUse: false, exclusive: false, ip: null, userAgent: null,
  }, new Date()));
  const check = () => requireSession({ token: session.token, appId: a.appId!, authDurationSeconds: 900, fingerprintHash, csrf: { required: false, token: null } }, new Date());
  return { location, session, check };
}

beforeAll(async () => {
  actor = await newActor("Locations");
  otherActor = await newActor("Other");
});

afterAll(async () => {
  await db().$disconnect();
});

describe("revoking locations", () => {
  it("revokes one location: its session ends at once, other devices keep theirs, and it is audited", async () => {
    const account = await newAccount(actor);
    const a = await signedInDevice(actor, account.id);
    const b = await signedInDevice(actor, account.id);
    await expect(a.check()).resolves.toMatchObject({ accountId: account.id });

    const result = await revokeLocation(actor, account.id, a.location.id);
    expect(result).toEqual({ revoked: 1, sessionsEnded: 1 });
    expect((await catchFault(a.check())).code).toBe("kNotLoggedIn");
    await expect(b.check()).resolves.toMatchObject({ accountId: account.id });
    const row = await db().location.findUniqueOrThrow({ where: { id: a.location.id } });
    expect(row.state).toBe("revoked");
    expect(row.revokedAt).not.toBeNull();
    expect((await db().session.findFirstOrThrow({ where: { locationId: a.location.id } })).endReason).toBe("locationRevoked");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { orgId: actor.orgId, type: "location.revoked", locationId: a.location.id } });
    expect(audit.accountId).toBe(account.id);

    // Idempotent.
    expect(await revokeLocation(actor, account.id, a.location.id)).toEqual({ revoked: 0, sessionsEnded: 0 });
  });

  it("revokes every location at once", async () => {
    const account = await newAccount(actor);
    const devices = [await signedInDevice(actor, account.id), await signedInDevice(actor, account.id)];
    expect(await revokeAllLocations(actor, account.id)).toEqual({ revoked: 2, sessionsEnded: 2 });
    for (const d of devices) expect((await catchFault(d.check())).code).toBe("kNotLoggedIn");
    expect(await db().location.count({ where: { accountId: account.id, state: { not: "revoked" } } })).toBe(0);
    expect(await revokeAllLocations(actor, account.id)).toEqual({ revoked: 0, sessionsEnded: 0 });
  });

  it("refuses accounts and locations of another org", async () => {
    const account = await newAccount(actor);
    const device = await signedInDevice(actor, account.id);
    expect((await catchFault(revokeLocation(otherActor, account.id, device.location.id))).code).toBe("kNotFound");
    expect((await catchFault(revokeAllLocations(otherActor, account.id))).code).toBe("kNotFound");
    const stranger = await newAccount(otherActor);
    expect((await catchFault(revokeLocation(actor, account.id, "f".repeat(24)))).code).toBe("kNotFound");
    expect((await catchFault(revokeLocation(otherActor, stranger.id, device.location.id))).code).toBe("kNotFound");
    await expect(device.check()).resolves.toBeTruthy();
  });
});

describe("unlock and end sessions", () => {
  it("unlocks a locked account and audits it", async () => {
    const account = await newAccount(actor);
    await db().account.update({ where: { id: account.id }, data: { lockedUntil: LOCKED_UNTIL_UNLOCKED, failedLogins: 3 } });
    expect((await getAccountDetail(actor.orgId, account.id))!.account.locked).toBe(true);
    expect(await unlockAccountByAdmin(actor, account.id)).toBe(true);
    const row = await db().account.findUniqueOrThrow({ where: { id: account.id } });
    expect(row).toMatchObject({ lockedUntil: null, failedLogins: 0 });
    expect(await db().auditEvent.count({ where: { orgId: actor.orgId, type: "account.unlocked", accountId: account.id } })).toBe(1);
  });

  it("ends every session of the account", async () => {
    const account = await newAccount(actor);
    const a = await signedInDevice(actor, account.id);
    const b = await signedInDevice(actor, account.id);
    expect(await endAllSessions(actor, account.id)).toBe(2);
    expect((await catchFault(a.check())).code).toBe("kNotLoggedIn");
    expect((await catchFault(b.check())).code).toBe("kNotLoggedIn");
    // The devices stay verified: only the sessions ended.
    expect(await db().location.count({ where: { accountId: account.id, state: "verified" } })).toBe(2);
  });
});

describe("search and detail", () => {
  it("finds accounts by email or name within the org only, paginated", async () => {
    const tag = randomBytes(3).toString("hex");
    for (let i = 0; i < 3; i++) await newAccount(actor, `search-${tag}-${i}@example.test`);
    await newAccount(otherActor, `search-${tag}-other@example.test`);
    const page1 = await searchAccounts(actor.orgId, { query: `SEARCH-${tag}`, pageSize: 2 });
    expect(page1).toMatchObject({ total: 3, page: 1, pageCount: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await searchAccounts(actor.orgId, { query: `search-${tag}`, pageSize: 2, page: 2 });
    expect(page2.items).toHaveLength(1);
    expect((await searchAccounts(actor.orgId, { query: `ann search-${tag}-1` })).items.map((a) => a.email)).toEqual([`search-${tag}-1@example.test`]);
    expect(JSON.stringify(page1)).not.toMatch(/passwordHash|argon2/);
  });

  it("returns the account's locations with app names, and null for another org", async () => {
    const account = await newAccount(actor);
    await signedInDevice(actor, account.id);
    const detail = await getAccountDetail(actor.orgId, account.id);
    expect(detail!.locations).toHaveLength(1);
    expect(detail!.locations[0]).toMatchObject({ appName: "Control Panel", state: "verified", verifiedBy: "code" });
    expect(detail!.liveSessions).toBe(1);
    expect(await getAccountDetail(otherActor.orgId, account.id)).toBeNull();
  });
});
