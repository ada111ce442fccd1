// The panel's next-auth session cookie. It holds next-auth's encrypted JWT (A256GCM), which
// carries the core session token; the token itself never appears in a readable cookie.
import { getEnv } from "../env.ts";

/** A week; the real limit is the core session's sliding authDuration, checked on every request. */
export const PANEL_JWT_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export function isSecurePanel(): boolean {
  return getEnv().NEXTAUTH_URL?.startsWith("https://") ?? false;
}

export function panelCookieName(): string {
  return isSecurePanel() ? "__Secure-gatehouse.panel-session" : "gatehouse.panel-session";
}

export function requirePanelSecret(): string {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set: the control panel cannot sign anyone in.");
  return secret;
}

/** What the panel keeps inside next-auth's JWT. */
export interface PanelJwtClaims {
  sub?: string;
  orgCode?: string;
  /** The core session token (lib/auth/sessions.ts). */
  panelSession?: string;
}
