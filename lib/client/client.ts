// GatehouseClient: a typed client for the Cortex-compatible API, for Node and React Native apps (and
// browsers). It speaks the wire protocol of SPEC §1–4 and hides its chores:
//   - session apps: md.sid / md.fingerprint cookies (its own jar, persisted through a StateStore),
//     the Medable-Csrf-Token of CSRF apps, and new-location verification as a typed LoginResult;
//   - signature apps: every request signed (signRequest), the clock corrected from
//     Medable-Server-Time, and one retry when the device clock was outside the ±15 min window.
// No Node-only API is used: fetch, and Web Crypto or the bundled pure-TypeScript HMAC.
import { GatehouseFault, isFaultBody, unexpectedResponse, type FaultBody } from "./faults.ts";
import { CookieJar, MemoryStateStore, readSetCookies, type StateStore, type StoredCookie } from "./cookies.ts";
import { HEADER } from "./protocol.ts";
import { signRequest, type HmacSha256 } from "./sign.ts";

/** Cortex's account object. */
export interface Account {
  _id: string;
  object: "account";
  email: string;
  name: { first: string; last: string };
  /** E.164; absent when the account has none. */
  mobile?: string;
  roles: string[];
  state: "unverified" | "verified";
  created: string;
}

/** The faults that mean "a code was (or already is) on its way: ask the user for it". */
export type VerificationCode = "kNewLocation" | "kUnverifiedLocation" | "kLocationClientMismatch";
const VERIFICATION_CODES: ReadonlySet<string> = new Set<VerificationCode>(["kNewLocation", "kUnverifiedLocation", "kLocationClientMismatch"]);

export type LoginResult =
  | { state: "signedIn"; account: Account }
  | {
      state: "verificationRequired";
      /** kNewLocation / kLocationClientMismatch: a code was just texted; kUnverifiedLocation: one was texted recently. */
      code: VerificationCode;
      /** The server's explanation, fit to show the user (never contains the code). */
      reason: string;
      /** The last digits of the number the code went to ("77"), when the server said. */
      phoneEnding: string | null;
    };

export interface LocationOptions {
  /** A name for this device, shown in the account's location list. */
  locationName?: string;
  /** Trust this device for this session only; the location stays unverified. */
  singleUse?: boolean;
}

export interface RegisterInput {
  email: string;
  password: string;
  /** E.164, e.g. +15555550100: where verification codes go. */
  mobile: string;
  name: { first: string; last: string };
  location?: { locationName?: string };
}

export interface StatusResult {
  loggedin: boolean;
  account?: Account;
}

export type FetchLike = (url: string, init: {
  method: string;
  headers: Record<string, string>;
  body?: string;
  credentials?: "omit" | "include";
  redirect?: "follow";
}) => Promise<Response>;

export interface GatehouseClientOptions {
  /** Scheme and host (and port) of the server, e.g. "https://api.example.com". */
  baseUrl: string;
  /** The org code: requests go to <baseUrl>/<org>/v2/... */
  org: string;
  /** The app's key (Medable-Client-Key). */
  key: string;
  /** Signature apps: the app's secret. Every request is then signed. Keep it off end-user devices unless the app is meant for that. */
  secret?: string;
  /** Signature apps that allow principal override: act as this account (id or email). */
  principal?: string;
  /**
   * "manual" (default outside browsers): the client keeps cookies itself and persists them in `store`.
   * "platform" (default in browsers): the browser's jar, with credentials: "include" (CORS apps).
   */
  cookies?: "manual" | "platform";
  /** Where cookies and the CSRF token persist between app starts (default: memory). */
  store?: StateStore;
  /** The key used in `store` (default "gatehouse:<baseUrl>/<org>"). */
  storageKey?: string;
  fetch?: FetchLike;
  hmac?: HmacSha256;
  randomNonce?: () => string;
  /** The local clock (epoch ms); default Date.now. */
  now?: () => number;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Signed requests: the principal for this request (overrides the client's). null: none. */
  principal?: string | null;
}

export interface RawResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** The JSON body: a result, or a fault (check `body.object === "fault"`). */
  body: T | FaultBody;
}

interface SavedState {
  cookies: StoredCookie[];
  csrf: string | null;
}

/** Faults after which the server has no live session for us: forget md.sid and the CSRF token. */
const SESSION_GONE = new Set(["kNotLoggedIn", "kSessionExpired", "kLoggedInElsewhere", "kCSRFTokenMismatch", "kFingerprintMismatch", "kLocationAccessRevoked"]);
/** Login faults after which retrying with the same password makes no sense. */
const LOGIN_FINAL = new Set(["kInvalidCredentials", "kAccountLocked", "kLocationAccessRevoked", "kValidationError"]);

export class GatehouseClient {
  readonly baseUrl: string;
  readonly org: string;
  readonly key: string;
  private readonly secret: string | null;
  private readonly principal: string | null;
  private readonly cookieMode: "manual" | "platform";
  private readonly store: StateStore;
  private readonly storageKey: string;
  private readonly fetchFn: FetchLike;
  private readonly hmac?: HmacSha256;
  private readonly randomNonce?: () => string;
  private readonly now: () => number;

  private state: Promise<{ jar: CookieJar; csrf: string | null }> | null = null;
  private pending: { email: string; password: string } | null = null;
  /** Server time − local time, from the last Medable-Server-Time seen. */
  private clockOffsetMs = 0;

  constructor(options: GatehouseClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.org = options.org;
    this.key = options.key;
    this.secret = options.secret ?? null;
    this.principal = options.principal ?? null;
    this.cookieMode = options.cookies ?? (typeof (globalThis as { document?: unknown }).document === "undefined" ? "manual" : "platform");
    this.store = options.store ?? new MemoryStateStore();
    this.storageKey = options.storageKey ?? `gatehouse:${this.baseUrl}/${this.org}`;
    const platformFetch = typeof globalThis.fetch === "function" ? (globalThis.fetch.bind(globalThis) as unknown as FetchLike) : null;
    const fetchFn = options.fetch ?? platformFetch;
    if (!fetchFn) throw new Error("No fetch available: pass options.fetch.");
    this.fetchFn = fetchFn;
    this.hmac = options.hmac;
    this.randomNonce = options.randomNonce;
    this.now = options.now ?? Date.now;
  }

  // ---------------------------------------------------------------------------------------------
  // Session apps: login with new-location verification

  /**
   * Sign in. Resolves to `signedIn`, or to `verificationRequired` when this device is new to the
   * account (a code was texted): then ask the user for the code and call verify(code).
   * Other faults (kInvalidCredentials, kAccountLocked, …) throw a GatehouseFault.
   */
  async login(email: string, password: string, location: LocationOptions = {}): Promise<LoginResult> {
    this.pending = { email, password };
    return this.submitLogin(location, undefined);
  }

  /** Complete a login that answered verificationRequired, with the texted code. */
  async verify(code: string, location: LocationOptions = {}): Promise<LoginResult> {
    return this.submitLogin(location, code.trim());
  }

  /** Ask for a new code (the server enforces a cool-down: until then it answers kUnverifiedLocation). */
  async resendCode(): Promise<LoginResult> {
    return this.submitLogin({}, undefined);
  }

  /** Whether a login awaits verify(code). */
  get verificationPending(): boolean {
    return this.pending !== null;
  }

  private async submitLogin(location: LocationOptions, verificationToken: string | undefined): Promise<LoginResult> {
    if (!this.pending) throw new Error("Call login(email, password) first.");
    const loc: Record<string, unknown> = {};
    if (verificationToken !== undefined) loc.verificationToken = verificationToken;
    if (location.locationName !== undefined) loc.locationName = location.locationName;
    if (location.singleUse !== undefined) loc.singleUse = location.singleUse;
    const body = { email: this.pending.email, password: this.pending.password, ...(Object.keys(loc).length ? { location: loc } : {}) };
    // Never signed: Cortex refuses a signed login.
    const res = await this.exchange("POST", "/accounts/login", { body }, false);
    if (isFaultBody(res.body)) {
      if (VERIFICATION_CODES.has(res.body.code)) {
        return {
          state: "verificationRequired",
          code: res.body.code as VerificationCode,
          reason: res.body.reason ?? res.body.message,
          phoneEnding: /ending in (\d+)/.exec(res.body.reason ?? "")?.[1] ?? null,
        };
      }
      if (LOGIN_FINAL.has(res.body.code)) this.pending = null;
      throw new GatehouseFault(res.body);
    }
    this.pending = null;
    return { state: "signedIn", account: res.body as Account };
  }

  /** Create an account (when the org allows registration); the new account is signed in on this device. */
  async register(input: RegisterInput): Promise<Account> {
    const res = await this.exchange("POST", "/accounts/register", { body: input }, false);
    if (isFaultBody(res.body)) throw new GatehouseFault(res.body);
    return res.body as Account;
  }

  /** End the session. Resolves to whether a live session was ended; never a fault for a missing session. */
  async logout(): Promise<boolean> {
    this.pending = null;
    const res = await this.exchange("POST", "/accounts/me/logout", {}, !!this.secret);
    await this.forgetSession();
    if (isFaultBody(res.body)) throw new GatehouseFault(res.body);
    return (res.body as { data?: unknown }).data === true;
  }

  // ---------------------------------------------------------------------------------------------
  // Resources

  /** The calling account (session, or a signed request's principal). */
  me(): Promise<Account> {
    return this.request<Account>("GET", "/accounts/me");
  }

  /** Change the caller's name. */
  updateMe(patch: { name: { first?: string; last?: string } }): Promise<Account> {
    return this.request<Account>("PUT", "/accounts/me", { body: patch });
  }

  async status(): Promise<StatusResult> {
    return (await this.request<{ object: "result"; data: StatusResult }>("GET", "/accounts/status")).data;
  }

  /** Any API call: the body on success, a thrown GatehouseFault otherwise. */
  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.send<T>(method, path, options);
    if (isFaultBody(res.body)) throw new GatehouseFault(res.body);
    return res.body as T;
  }

  /** Any API call, faults included as values. Signed when the client has a secret. */
  send<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<RawResponse<T>> {
    return this.exchange<T>(method.toUpperCase(), path, options, !!this.secret);
  }

  /** The CSRF token of the current session (CSRF apps), or null. */
  async csrfToken(): Promise<string | null> {
    return (await this.loadState()).csrf;
  }

  /** Forget the session (md.sid, CSRF token) but keep the device fingerprint. */
  async forgetSession(): Promise<void> {
    const state = await this.loadState();
    state.jar.delete("md.sid");
    state.csrf = null;
    await this.saveState();
  }

  /** Forget everything, the device fingerprint included: the next login is a new location. */
  async forgetDevice(): Promise<void> {
    const state = await this.loadState();
    state.jar = new CookieJar();
    state.csrf = null;
    this.pending = null;
    await this.saveState();
  }

  // ---------------------------------------------------------------------------------------------
  // Transport

  url(path: string): string {
    return `${this.baseUrl}/${encodeURIComponent(this.org)}/v2${path.startsWith("/") ? path : `/${path}`}`;
  }

  private async exchange<T>(method: string, path: string, options: RequestOptions, signed: boolean): Promise<RawResponse<T>> {
    const url = this.url(path);
    const state = await this.loadState();
    const base: Record<string, string> = { Accept: "application/json", ...(options.headers ?? {}), [HEADER.key]: this.key };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      base["Content-Type"] = "application/json";
    }
    for (let attempt = 0; ; attempt++) {
      const headers = { ...base };
      if (this.cookieMode === "manual" && !signed) {
        const cookie = state.jar.header(url, this.now());
        if (cookie) headers.Cookie = cookie;
      }
      if (state.csrf && !signed && method !== "GET" && method !== "HEAD") headers[HEADER.csrf] = state.csrf;
      if (signed) {
        Object.assign(headers, await signRequest({
          key: this.key, secret: this.secret!, method, path,
          principal: options.principal === undefined ? this.principal : options.principal,
          timestamp: this.now() + this.clockOffsetMs,
          nonce: this.randomNonce?.(),
          hmac: this.hmac,
        }));
      }
      const res = await this.fetchFn(url, {
        method, headers, body, redirect: "follow",
        credentials: this.cookieMode === "platform" ? "include" : "omit",
      });
      const serverTime = Number(res.headers.get(HEADER.serverTime));
      if (Number.isFinite(serverTime) && serverTime > 0) this.clockOffsetMs = serverTime - this.now();
      if (this.cookieMode === "manual") for (const line of readSetCookies(res.headers)) state.jar.store(line, this.now());
      const csrf = res.headers.get(HEADER.csrf);
      if (csrf) state.csrf = csrf;
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text === "" ? null : JSON.parse(text);
      } catch {
        throw unexpectedResponse(res.status, text);
      }
      if (parsed === null || typeof parsed !== "object") throw unexpectedResponse(res.status, text);
      if (isFaultBody(parsed)) {
        // The device clock was off by more than 15 minutes: retry once on the server's clock.
        if (signed && attempt === 0 && parsed.code === "kStaleRequestSignature" && Number.isFinite(serverTime)) continue;
        if (!signed && SESSION_GONE.has(parsed.code)) {
          state.jar.delete("md.sid");
          state.csrf = null;
        }
      }
      await this.saveState();
      return { status: res.status, headers: res.headers, body: parsed as T | FaultBody };
    }
  }

  private loadState(): Promise<{ jar: CookieJar; csrf: string | null }> {
    this.state ??= (async () => {
      let saved: SavedState | null = null;
      try {
        const text = await this.store.get(this.storageKey);
        saved = text ? (JSON.parse(text) as SavedState) : null;
      } catch {
        saved = null; // unreadable state: start afresh rather than fail every call
      }
      return { jar: new CookieJar(saved?.cookies ?? []), csrf: saved?.csrf ?? null };
    })();
    return this.state;
  }

  private async saveState(): Promise<void> {
    const state = await this.loadState();
    const saved: SavedState = { cookies: state.jar.toJSON(), csrf: state.csrf };
    await this.store.set(this.storageKey, JSON.stringify(saved));
  }
}
