// Revocable server-side sessions. The md.sid cookie carries a random token; the row holds its hash,
// the location's fingerprint hash and (for CSRF apps) the CSRF token's hash. Every authorised request
// re-reads the row, so logout, revocation, password change or an admin action take effect at once
// on every server instance.
import type { Db, Tx } from "../db.ts";
import { db } from "../db.ts";
import { faults } from "../faults.ts";
import { safeEqual } from "../crypto/random.ts";
import { createCsrfToken, createSessionToken, hashCsrfToken, hashSessionToken } from "./tokens.ts";

export type SessionEndReason =
  | "logout"
  | "loggedInElsewhere"
  | "locationRevoked"
  | "passwordChanged"
  | "admin"
  | "csrf"
  | "expired";

export interface NewSession {
  token: string;
  csrfToken: string | null;
  expiresAt: Date;
}

export interface StartSessionInput {
  orgId: string;
  appId: string;
  authDurationSeconds: number;
  csrf: boolean;
  accountId: string;
  locationId: string | null;
  fingerprintHash: string;
  singleUse: boolean;
  /** Org forbids simultaneous logins: end the account's other sessions. */
  exclusive: boolean;
  ip: string | null;
  userAgent: string | null;
}

/** A new session's secrets (for the cookie and the header) and the hashes the row keeps. One place,
 * shared by startSession and the login's single-statement write (login.ts recordLoginSuccess). */
export function mintSession(input: Pick<StartSessionInput, "csrf" | "authDurationSeconds">, now: Date) {
  const token = createSessionToken();
  const csrfToken = input.csrf ? createCsrfToken() : null;
  return {
    token,
    csrfToken,
    expiresAt: new Date(now.getTime() + input.authDurationSeconds * 1000),
    tokenHash: hashSessionToken(token),
    csrfHash: csrfToken ? hashCsrfToken(csrfToken) : null,
  };
}

export async function startSession(tx: Tx, input: StartSessionInput, now: Date): Promise<NewSession> {
  if (input.exclusive) {
    await tx.session.updateMany({
      where: { accountId: input.accountId, endedAt: null },
      data: { endedAt: now, endReason: "loggedInElsewhere" },
    });
  }
  const { token, csrfToken, expiresAt, tokenHash, csrfHash } = mintSession(input, now);
  await tx.session.create({
    data: {
      tokenHash,
      orgId: input.orgId,
      appId: input.appId,
      accountId: input.accountId,
      locationId: input.locationId,
      fingerprintHash: input.fingerprintHash,
      csrfHash,
      singleUse: input.singleUse,
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      createdAt: now,
      lastSeenAt: now,
    },
  });
  return { token, csrfToken, expiresAt };
}

export interface SessionCheck {
  token: string | null;
  appId: string;
  authDurationSeconds: number;
  /** Hash of the request's verified fingerprint cookie, or null when it has none. */
  fingerprintHash: string | null;
  /** Required for state-changing requests to CSRF apps. */
  csrf: { required: boolean; token: string | null };
}

export interface AuthenticatedSession {
  sessionId: string;
  accountId: string;
  locationId: string | null;
  expiresAt: Date;
}

/**
 * Identify the caller by session, or throw the precise fault: kNotLoggedIn, kLoggedInElsewhere,
 * kSessionExpired, kFingerprintMismatch, kCSRFTokenMismatch (which also ends the session).
 * On success the session slides to now + authDuration.
 */
export async function requireSession(check: SessionCheck, now: Date, client: Db = db()): Promise<AuthenticatedSession> {
  if (!check.token) throw faults.notLoggedIn();
  const session = await client.session.findUnique({
    where: { tokenHash: hashSessionToken(check.token) },
    select: {
      id: true, appId: true, accountId: true, locationId: true, fingerprintHash: true,
      csrfHash: true, expiresAt: true, endedAt: true, endReason: true,
    },
  });
  if (!session || session.appId !== check.appId) throw faults.notLoggedIn();
  if (session.endedAt) {
    throw session.endReason === "loggedInElsewhere" ? faults.loggedInElsewhere() : faults.notLoggedIn();
  }
  if (session.expiresAt <= now) {
    await client.session.updateMany({ where: { id: session.id, endedAt: null }, data: { endedAt: now, endReason: "expired" } });
    throw faults.sessionExpired();
  }
  if (!check.fingerprintHash || !safeEqual(check.fingerprintHash, session.fingerprintHash)) {
    throw faults.fingerprintMismatch();
  }
  if (check.csrf.required && session.csrfHash) {
    const presented = check.csrf.token ? hashCsrfToken(check.csrf.token) : "";
    if (!safeEqual(presented, session.csrfHash)) {
      await endSessionById(session.id, "csrf", now, client);
      throw faults.csrfTokenMismatch();
    }
  }
  const expiresAt = new Date(now.getTime() + check.authDurationSeconds * 1000);
  // The WHERE re-checks liveness so a logout racing this request is never undone.
  const slid = await client.session.updateMany({
    where: { id: session.id, endedAt: null },
    data: { expiresAt, lastSeenAt: now },
  });
  if (slid.count === 0) throw faults.notLoggedIn();
  return { sessionId: session.id, accountId: session.accountId, locationId: session.locationId, expiresAt };
}

async function endSessionById(id: string, reason: SessionEndReason, now: Date, client: Db | Tx): Promise<boolean> {
  const ended = await client.session.updateMany({ where: { id, endedAt: null }, data: { endedAt: now, endReason: reason } });
  return ended.count > 0;
}

/** Logout: end the session the token names. Returns whether a live session was ended. */
export async function endSessionByToken(
  token: string | null,
  appId: string,
  reason: SessionEndReason,
  now: Date,
  client: Db = db(),
): Promise<{ ended: boolean; accountId: string | null; locationId: string | null }> {
  if (!token) return { ended: false, accountId: null, locationId: null };
  const session = await client.session.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    select: { id: true, appId: true, accountId: true, locationId: true, endedAt: true, expiresAt: true },
  });
  if (!session || session.appId !== appId || session.endedAt || session.expiresAt <= now) {
    return { ended: false, accountId: session?.accountId ?? null, locationId: null };
  }
  const ended = await endSessionById(session.id, reason, now, client);
  return { ended, accountId: session.accountId, locationId: session.locationId };
}

/** End every live session of an account (admin action, password change), or of one location. */
export async function endSessions(
  client: Db | Tx,
  where: { accountId: string; locationId?: string },
  reason: SessionEndReason,
  now: Date,
): Promise<number> {
  const ended = await client.session.updateMany({
    where: { accountId: where.accountId, ...(where.locationId ? { locationId: where.locationId } : {}), endedAt: null },
    data: { endedAt: now, endReason: reason },
  });
  return ended.count;
}
