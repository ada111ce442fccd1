// Nonce claims against a real PostgreSQL (DATABASE_URL): once only, under concurrency, and a table
// that stays bounded because every claim purges expired rows.
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  if (!process.env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: these tests need a migrated PostgreSQL database (npm test sets it).");
  }
  process.env.GATEHOUSE_SECRET ||= "unit-test-secret-unit-test-secret-0123456789";
});

import { randomBytes } from "node:crypto";
import { db } from "../db.ts";
import { claimNonce, purgeExpiredNonces, PURGE_BATCH, PURGE_EVERY } from "./nonces.ts";

const appId = () => randomBytes(12).toString("hex");
const nonce = () => randomBytes(8).toString("hex");
const minutes = (n: number) => n * 60_000;
const used: string[] = [];

function fresh(): string {
  const id = appId();
  used.push(id);
  return id;
}

afterAll(async () => {
  await db().signatureNonce.deleteMany({ where: { appId: { in: used } } });
});

describe("claimNonce", () => {
  it("succeeds once per app and nonce", async () => {
    const now = new Date();
    const a = fresh();
    const b = fresh();
    const n = nonce();
    const expiresAt = new Date(now.getTime() + minutes(15));
    expect(await claimNonce({ appId: a, nonce: n, expiresAt }, now)).toBe(true);
    expect(await claimNonce({ appId: a, nonce: n, expiresAt }, now)).toBe(false);
    expect(await claimNonce({ appId: a, nonce: n, expiresAt }, new Date(now.getTime() + minutes(14)))).toBe(false);
    expect(await claimNonce({ appId: b, nonce: n, expiresAt }, now)).toBe(true); // nonces are per app
  });

  it("takes over an expired row for the same nonce (not yet purged) instead of calling it a replay", async () => {
    const a = fresh();
    const n = nonce();
    await db().signatureNonce.create({ data: { appId: a, nonce: n, expiresAt: new Date(Date.now() - 1000) } });
    const now = new Date();
    expect(await claimNonce({ appId: a, nonce: n, expiresAt: new Date(now.getTime() + minutes(15)) }, now)).toBe(true);
    expect(await claimNonce({ appId: a, nonce: n, expiresAt: new Date(now.getTime() + minutes(15)) }, now)).toBe(false);
  });

  it("lets exactly one of 100 concurrent claims win", async () => {
    const now = new Date();
    const a = fresh();
    const n = nonce();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => claimNonce({ appId: a, nonce: n, expiresAt: new Date(now.getTime() + minutes(15)) }, now)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("every PURGE_EVERY-th claim purges expired rows, oldest first, so the table stays bounded", async () => {
    expect(PURGE_BATCH).toBeGreaterThan(PURGE_EVERY); // each purge removes more than the claims since the last one added
    const stale = fresh();
    const backlog = PURGE_BATCH * 2 + 5;
    // Older than anything another test could leave behind, so these are purged first.
    await db().signatureNonce.createMany({
      data: Array.from({ length: backlog }, (_, i) => ({ appId: stale, nonce: nonce(), expiresAt: new Date(Date.UTC(1990, 0, 1, 0, 0, i)) })),
    });
    const live = fresh();
    const now = new Date();
    for (let round = 1; round <= 3; round++) {
      for (let i = 0; i < PURGE_EVERY; i++) {
        expect(await claimNonce({ appId: live, nonce: nonce(), expiresAt: new Date(now.getTime() + minutes(15)) }, now)).toBe(true);
      }
      // Exactly one purge in any PURGE_EVERY consecutive claims of a process.
      expect(await db().signatureNonce.count({ where: { appId: stale } })).toBe(Math.max(0, backlog - PURGE_BATCH * round));
    }
    expect(await db().signatureNonce.count({ where: { appId: live } })).toBe(3 * PURGE_EVERY); // live nonces are kept
  });

  it("purgeExpiredNonces deletes only expired rows", async () => {
    const a = fresh();
    const now = new Date();
    await db().signatureNonce.createMany({
      data: [
        { appId: a, nonce: nonce(), expiresAt: new Date(now.getTime() - 1) },
        { appId: a, nonce: nonce(), expiresAt: new Date(now.getTime() - minutes(60)) },
        { appId: a, nonce: nonce(), expiresAt: new Date(now.getTime() + minutes(1)) },
      ],
    });
    expect(await purgeExpiredNonces(now)).toBeGreaterThanOrEqual(2);
    expect(await db().signatureNonce.count({ where: { appId: a } })).toBe(1);
  });
});
