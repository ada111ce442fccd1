// The client's cookie jar and where it is kept. Outside browsers nobody keeps cookies for fetch
// (Node has no jar; React Native's native jar differs by platform), so the client keeps md.sid and
// md.fingerprint itself. The fingerprint is the device's identity for new-location verification:
// persist it (StateStore) or every app start is a "new device" and texts a code.

export interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** Epoch ms; absent for a session cookie. */
  expires?: number;
  secure: boolean;
}

/**
 * Where the client persists its cookies and CSRF token (values are JSON strings). Sync or async,
 * so AsyncStorage, SecureStore/Keychain (recommended: md.sid is a bearer token) or a file will do.
 */
export interface StateStore {
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  set(key: string, value: string | null): void | Promise<void>;
}

/** The default store: memory only (lost when the process ends). */
export class MemoryStateStore implements StateStore {
  private readonly map = new Map<string, string>();
  get(key: string) {
    return this.map.get(key) ?? null;
  }
  set(key: string, value: string | null) {
    if (value === null) this.map.delete(key);
    else this.map.set(key, value);
  }
}

/** Scheme and path of a URL, without relying on the URL class (incomplete on React Native). */
export function urlParts(url: string): { secure: boolean; path: string } {
  const m = /^([a-z][a-z\d+.-]*):\/\/[^/?#]*([^?#]*)/i.exec(url);
  if (!m) throw new Error(`Not an absolute URL: ${url}`);
  return { secure: m[1].toLowerCase() === "https", path: m[2] || "/" };
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

export class CookieJar {
  private cookies: StoredCookie[];

  constructor(cookies: StoredCookie[] = []) {
    this.cookies = cookies.map((c) => ({ ...c }));
  }

  /** Apply one Set-Cookie line (the client talks to one host, so Domain is not needed). */
  store(setCookie: string, now = Date.now()): void {
    const [pair, ...attributes] = setCookie.split(";");
    const eq = pair.indexOf("=");
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      /* keep the raw value */
    }
    const cookie: StoredCookie = { name, value, path: "/", secure: false };
    let maxAge: number | undefined;
    for (const attribute of attributes) {
      const [rawKey, ...rest] = attribute.split("=");
      const key = rawKey.trim().toLowerCase();
      const val = rest.join("=").trim();
      if (key === "path" && val.startsWith("/")) cookie.path = val;
      else if (key === "secure") cookie.secure = true;
      else if (key === "max-age" && /^-?\d+$/.test(val)) maxAge = Number(val);
      else if (key === "expires" && !Number.isNaN(Date.parse(val))) cookie.expires = Date.parse(val);
    }
    if (maxAge !== undefined) cookie.expires = now + maxAge * 1000; // Max-Age wins over Expires
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === cookie.path));
    if (cookie.expires === undefined || cookie.expires > now) this.cookies.push(cookie);
  }

  /** The Cookie header for a request to `url` ("" when nothing applies). Longer paths first (RFC 6265). */
  header(url: string, now = Date.now()): string {
    const { secure, path } = urlParts(url);
    this.cookies = this.cookies.filter((c) => c.expires === undefined || c.expires > now);
    return this.cookies
      .filter((c) => pathMatches(path, c.path) && (!c.secure || secure))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
      .join("; ");
  }

  get(name: string): string | undefined {
    return this.cookies.find((c) => c.name === name)?.value;
  }

  delete(name: string): void {
    this.cookies = this.cookies.filter((c) => c.name !== name);
  }

  toJSON(): StoredCookie[] {
    return this.cookies.map((c) => ({ ...c }));
  }
}

/**
 * The Set-Cookie lines of a response. Node (undici) and modern browsers have getSetCookie();
 * elsewhere the lines arrive joined with ", ", which also occurs inside Expires dates.
 */
export function readSetCookies(headers: Headers): string[] {
  const withGetter = headers as Headers & { getSetCookie?: () => string[] };
  if (typeof withGetter.getSetCookie === "function") return withGetter.getSetCookie();
  const joined = headers.get("set-cookie");
  return joined ? joined.split(/,(?=\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+=)/).map((s) => s.trim()) : [];
}
