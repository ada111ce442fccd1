// The panel door for every page and server action: decode next-auth's JWT, then check the core's
// server-side session (lib/auth/sessions.ts) with the org's control-panel app and this browser's
// fingerprint. Logout, location revocation, password change or an admin's "end sessions" therefore
// take effect on the very next request. Failures send the browser to /<org>/login with a reason.
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { decode } from "next-auth/jwt";
import type { App, Org } from "../generated/prisma/client.ts";
import { db } from "../db.ts";
import { isFault } from "../faults.ts";
import { getOrgByCode } from "../orgs/orgs.ts";
import { getPanelApp } from "../apps/apps.ts";
import { hashFingerprint, readFingerprintCookie } from "../auth/fingerprint.ts";
import { requireSession, type AuthenticatedSession } from "../auth/sessions.ts";
import { hashSessionToken } from "../auth/tokens.ts";
import { logout } from "../auth/logout.ts";
import { isLocked } from "../auth/lockout.ts";
import type { AdminActor } from "../audit/audit.ts";
import { FINGERPRINT_COOKIE } from "../http/cookies.ts";
import { resolveClientIp } from "../http/client-ip.ts";
import { isSecurePanel, panelCookieName, requirePanelSecret, type PanelJwtClaims } from "./cookie.ts";

export const ADMIN_ROLES = ["admin", "developer"] as const;

export interface PanelAccount {
  id: string;
  email: string;
  name: string;
  roles: string[];
  mobile: string | null;
  locked: boolean;
}

export interface PanelContext {
  org: Org;
  app: App;
  account: PanelAccount;
  session: AuthenticatedSession;
  canAdminister: boolean;
  /** The signed-in admin as an audit actor for core mutations. */
  actor: AdminActor;
}

export type PanelSessionResult = { ok: true; ctx: PanelContext } | { ok: false; reason: string | null };

export function canAdminister(roles: readonly string[]): boolean {
  return roles.some((r) => (ADMIN_ROLES as readonly string[]).includes(r));
}

async function readPanelClaims(): Promise<PanelJwtClaims | null> {
  const jar = await cookies();
  const raw = jar.get(panelCookieName())?.value;
  if (!raw) return null;
  try {
    return (await decode({ token: raw, secret: requirePanelSecret() })) as PanelJwtClaims | null;
  } catch {
    return null; // tampered, expired or made with another secret
  }
}

async function readFingerprintHash(): Promise<string | null> {
  const raw = (await cookies()).get(FINGERPRINT_COOKIE)?.value;
  if (!raw) return null;
  try {
    return hashFingerprint(readFingerprintCookie(raw));
  } catch {
    return null; // a tampered fingerprint cannot match any session
  }
}

/** Why a session the token names is over (logout, locationRevoked, admin…), for the sign-in banner. */
async function endReasonFor(token: string): Promise<string | null> {
  const row = await db().session.findUnique({ where: { tokenHash: hashSessionToken(token) }, select: { endReason: true } });
  return row?.endReason ?? null;
}

const FAULT_REASONS: Record<string, string> = {
  kSessionExpired: "expired",
  kLoggedInElsewhere: "loggedInElsewhere",
  kFingerprintMismatch: "fingerprint",
};

/** The org for a panel URL, or the 404 page. */
export const requirePanelOrg = cache(async (orgCode: string): Promise<{ org: Org; app: App }> => {
  const org = await getOrgByCode(db(), orgCode);
  if (!org) notFound();
  const app = await getPanelApp(db(), org.id);
  if (!app) notFound();
  return { org, app };
});

/** The signed-in panel user of this org, or why there is none. Once per request (React cache). */
export const loadPanelSession = cache(async (orgCode: string): Promise<PanelSessionResult> => {
  const { org, app } = await requirePanelOrg(orgCode);
  const claims = await readPanelClaims();
  if (!claims?.panelSession || claims.orgCode !== org.code) return { ok: false, reason: null };
  const now = new Date();
  let session: AuthenticatedSession;
  try {
    session = await requireSession({
      token: claims.panelSession,
      appId: app.id,
      authDurationSeconds: app.authDuration,
      fingerprintHash: await readFingerprintHash(),
      csrf: { required: false, token: null }, // server actions are origin-checked by Next
    }, now);
  } catch (error) {
    if (!isFault(error)) throw error;
    const reason = FAULT_REASONS[error.code] ?? (await endReasonFor(claims.panelSession));
    return { ok: false, reason };
  }
  const account = await db().account.findFirst({
    where: { id: session.accountId, orgId: org.id },
    select: { id: true, email: true, nameFirst: true, nameLast: true, roles: true, mobile: true, lockedUntil: true },
  });
  if (!account) return { ok: false, reason: null };
  const h = await headers();
  return {
    ok: true,
    ctx: {
      org, app, session,
      account: {
        id: account.id, email: account.email, roles: account.roles, mobile: account.mobile, locked: isLocked(account, now),
        name: [account.nameFirst, account.nameLast].filter(Boolean).join(" ") || account.email,
      },
      canAdminister: canAdminister(account.roles),
      actor: { orgId: org.id, appId: app.id, accountId: account.id, ip: resolveClientIp(h), userAgent: h.get("user-agent") },
    },
  };
});

export function loginPath(orgCode: string, reason?: string | null): string {
  return `/${orgCode}/login${reason ? `?reason=${encodeURIComponent(reason)}` : ""}`;
}

/** The signed-in panel user of this org; otherwise redirect to its sign-in page. */
export async function requirePanelSession(orgCode: string): Promise<PanelContext> {
  const result = await loadPanelSession(orgCode);
  if (!result.ok) redirect(loginPath(orgCode, result.reason));
  return result.ctx;
}

/** An admin or developer of this org; members get the 403 page. */
export async function requirePanelAdmin(orgCode: string): Promise<PanelContext> {
  const ctx = await requirePanelSession(orgCode);
  if (!ctx.canAdminister) forbidden();
  return ctx;
}

/** Sign out: end the core session, then drop next-auth's cookie. */
export async function signOutPanel(orgCode: string): Promise<void> {
  const { org, app } = await requirePanelOrg(orgCode);
  const claims = await readPanelClaims();
  if (claims?.panelSession && claims.orgCode === org.code) {
    const h = await headers();
    await logout({ orgId: org.id, appId: app.id, ip: resolveClientIp(h), userAgent: h.get("user-agent") }, claims.panelSession, new Date());
  }
  const jar = await cookies();
  jar.set(panelCookieName(), "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure: isSecurePanel() });
}

/** Forget this browser's device cookie (a revoked or tampered fingerprint): the next sign-in is a new location. */
export async function forgetDeviceCookie(): Promise<void> {
  const jar = await cookies();
  jar.set(FINGERPRINT_COOKIE, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax" });
}
