// Cookie names and attributes (Cortex): md.sid per org path, md.fingerprint site-wide and long-lived.
export const SESSION_COOKIE = "md.sid";
export const FINGERPRINT_COOKIE = "md.fingerprint";
/** Ten years: a location is a device, and should outlive any one session. */
export const FINGERPRINT_MAX_AGE_SECONDS = 10 * 365 * 24 * 60 * 60;

export interface CookieSpec {
  name: string;
  value: string;
  path: string;
  maxAge?: number;
  expires?: Date;
  secure: boolean;
}

export function parseCookieHeader(header: string | null): Map<string, string> {
  const jar = new Map<string, string>();
  if (!header) return jar;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!jar.has(name)) {
      try {
        jar.set(name, decodeURIComponent(value));
      } catch {
        jar.set(name, value); // malformed escapes: keep raw, the reader will reject it
      }
    }
  }
  return jar;
}

/** HttpOnly + SameSite=Lax always; Secure whenever the request came over HTTPS. */
export function serializeCookie(c: CookieSpec): string {
  const parts = [`${c.name}=${encodeURIComponent(c.value)}`, `Path=${c.path}`, "HttpOnly", "SameSite=Lax"];
  if (c.maxAge !== undefined) parts.push(`Max-Age=${c.maxAge}`);
  if (c.expires) parts.push(`Expires=${c.expires.toUTCString()}`);
  if (c.secure) parts.push("Secure");
  return parts.join("; ");
}

export function sessionCookie(orgCode: string, token: string, secure: boolean): CookieSpec {
  // A session cookie (no Max-Age): the server decides expiry by sliding authDuration.
  return { name: SESSION_COOKIE, value: token, path: `/${orgCode}`, secure };
}

export function clearedSessionCookie(orgCode: string, secure: boolean): CookieSpec {
  return { name: SESSION_COOKIE, value: "", path: `/${orgCode}`, maxAge: 0, expires: new Date(0), secure };
}

export function fingerprintCookie(signedValue: string, secure: boolean): CookieSpec {
  return { name: FINGERPRINT_COOKIE, value: signedValue, path: "/", maxAge: FINGERPRINT_MAX_AGE_SECONDS, secure };
}
