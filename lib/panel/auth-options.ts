// The panel door for signing in: next-auth 4 Credentials through the same core as the API
// (loginWithPassword, the md.fingerprint cookie, the org's built-in control-panel app). Options are
// built per request so authorize() can read the request and mint a fingerprint cookie, which the
// route handler appends to whatever next-auth answers — a kNewLocation fault included, because the
// location the code verifies is the one that cookie names.
import type { NextRequest } from "next/server";
import type { AuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db.ts";
import { faults, isFault, type Fault } from "../faults.ts";
import { getOrgByCode } from "../orgs/orgs.ts";
import { getPanelApp } from "../apps/apps.ts";
import { loginWithPassword } from "../auth/login.ts";
import { logout } from "../auth/logout.ts";
import { createFingerprint, readFingerprintCookie, signFingerprint } from "../auth/fingerprint.ts";
import { FINGERPRINT_COOKIE, fingerprintCookie, type CookieSpec } from "../http/cookies.ts";
import { isHttpsRequest, resolveClientIp } from "../http/client-ip.ts";
import { toFault } from "../http/respond.ts";
import { encodeLoginError } from "./login-error.ts";
import { describeUserAgent } from "./device-name.ts";
import { isSecurePanel, panelCookieName, PANEL_JWT_MAX_AGE_SECONDS, requirePanelSecret, type PanelJwtClaims } from "./cookie.ts";

const PanelCredentials = z.object({
  org: z.string().max(40),
  email: z.string().max(400).default(""),
  password: z.string().max(1000).default(""),
  code: z.string().max(32).optional(),
  singleUse: z.enum(["true", "false"]).optional(),
});

interface PanelUser extends User {
  orgCode: string;
  panelSession: string;
}

export interface PanelDoorRequest {
  req: NextRequest;
  /** Cookies the route handler must add to next-auth's response. */
  setCookies: CookieSpec[];
}

/** A Fault as the Error next-auth 4 passes through to the browser's signIn() result. */
function loginError(fault: Fault): Error {
  return new Error(encodeLoginError(fault));
}

async function authorizePanelLogin(door: PanelDoorRequest, raw: Record<string, string> | undefined): Promise<PanelUser> {
  const now = new Date();
  const parsed = PanelCredentials.safeParse(raw ?? {});
  if (!parsed.success) throw loginError(faults.invalidArgument({ reason: "Malformed sign-in request." }));
  const credentials = parsed.data;

  const org = await getOrgByCode(db(), credentials.org.trim());
  if (!org) throw loginError(faults.orgNotFound());
  const app = await getPanelApp(db(), org.id);
  if (!app) throw loginError(faults.appNotFound({ reason: "This organization has no control-panel app." }));
  if (!app.enabled) throw loginError(faults.appDisabled());

  // The same fingerprint cookie as the API: verify it, or mint one (set even if the login faults).
  const { req, setCookies } = door;
  const rawFingerprint = req.cookies.get(FINGERPRINT_COOKIE)?.value;
  let fingerprint: string;
  if (rawFingerprint) {
    try {
      fingerprint = readFingerprintCookie(rawFingerprint);
    } catch (error) {
      throw loginError(isFault(error) ? error : faults.invalidFingerprint());
    }
  } else {
    fingerprint = createFingerprint();
    setCookies.push(fingerprintCookie(signFingerprint(fingerprint), isHttpsRequest(req)));
  }

  const userAgent = req.headers.get("user-agent");
  const code = credentials.code?.trim();
  try {
    const success = await loginWithPassword({
      org,
      app: { id: app.id, authDuration: app.authDuration, csrf: false },
      fingerprint,
      ip: resolveClientIp(req.headers),
      userAgent,
    }, {
      email: credentials.email,
      password: credentials.password,
      location: {
        ...(code ? { verificationToken: code } : {}),
        locationName: `Control panel · ${describeUserAgent(userAgent)}`,
        ...(credentials.singleUse ? { singleUse: credentials.singleUse === "true" } : {}),
      },
    }, now);
    const { account } = success;
    return {
      id: account._id,
      email: account.email,
      name: [account.name.first, account.name.last].filter(Boolean).join(" ") || account.email,
      orgCode: org.code,
      panelSession: success.session.token,
    };
  } catch (error) {
    throw loginError(toFault(error, "panel sign-in"));
  }
}

export function buildPanelAuthOptions(door: PanelDoorRequest): AuthOptions {
  const secure = isSecurePanel();
  return {
    secret: requirePanelSecret(),
    useSecureCookies: secure,
    session: { strategy: "jwt", maxAge: PANEL_JWT_MAX_AGE_SECONDS },
    jwt: { maxAge: PANEL_JWT_MAX_AGE_SECONDS },
    cookies: {
      sessionToken: { name: panelCookieName(), options: { httpOnly: true, sameSite: "lax", path: "/", secure } },
    },
    // The panel has its own pages per org; next-auth's built-in pages are never shown.
    pages: { signIn: "/", error: "/" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          org: { type: "text" }, email: { type: "email" }, password: { type: "password" },
          code: { type: "text" }, singleUse: { type: "text" },
        },
        authorize: (credentials) => authorizePanelLogin(door, credentials as Record<string, string> | undefined),
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const u = user as PanelUser;
          const claims = token as PanelJwtClaims;
          claims.sub = u.id;
          claims.orgCode = u.orgCode;
          claims.panelSession = u.panelSession;
        }
        return token;
      },
      // Only name and email reach the browser (GET /api/auth/session): never the core token.
      async session({ session, token }) {
        return { expires: session.expires, user: { name: token.name ?? null, email: token.email ?? null } };
      },
    },
    events: {
      // POST /api/auth/signout: end the core session too (the panel's own Sign out does the same).
      async signOut({ token }) {
        const claims = token as PanelJwtClaims | null;
        if (!claims?.orgCode || !claims.panelSession) return;
        const org = await getOrgByCode(db(), claims.orgCode);
        const app = org ? await getPanelApp(db(), org.id) : null;
        if (!org || !app) return;
        await logout({
          orgId: org.id, appId: app.id, ip: resolveClientIp(door.req.headers), userAgent: door.req.headers.get("user-agent"),
        }, claims.panelSession, new Date());
      },
    },
  };
}
