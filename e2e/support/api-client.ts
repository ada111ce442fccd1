// A small Cortex API client for tests: real HTTP (fetch) with an explicit cookie jar, so each test
// sees exactly which cookies the server set and sends them back like a mobile SDK would.
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  setCookies: string[];
}

export class CookieJar {
  readonly cookies = new Map<string, { value: string; attributes: string }>();

  store(setCookies: string[]) {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = decodeURIComponent(pair.slice(eq + 1).trim());
      const attributes = attrs.join(";");
      if (/max-age=0/i.test(attributes) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, { value, attributes });
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  set(name: string, value: string) {
    this.cookies.set(name, { value, attributes: "" });
  }

  header(): string {
    return [...this.cookies].map(([n, c]) => `${n}=${encodeURIComponent(c.value)}`).join("; ");
  }

  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [k, v] of this.cookies) copy.cookies.set(k, { ...v });
    return copy;
  }
}

export class ApiClient {
  jar = new CookieJar();
  csrfToken: string | null = null;

  constructor(
    readonly baseUrl: string,
    readonly orgCode: string,
    public appKey: string | null,
  ) {}

  url(resource: string): string {
    return `${this.baseUrl}/${this.orgCode}/v2${resource.startsWith("/") ? resource : `/${resource}`}`;
  }

  async request<T = any>(method: string, resource: string, opts: { body?: unknown; raw?: string; headers?: Record<string, string>; contentType?: string } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (this.appKey !== null && !("Medable-Client-Key" in headers)) headers["Medable-Client-Key"] = this.appKey;
    const cookie = this.jar.header();
    if (cookie) headers.Cookie = cookie;
    if (this.csrfToken && method !== "GET") headers["Medable-Csrf-Token"] ??= this.csrfToken;
    let body: string | undefined;
    if (opts.raw !== undefined) {
      body = opts.raw;
      headers["Content-Type"] = opts.contentType ?? "application/json";
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["Content-Type"] = "application/json";
    }
    const res = await fetch(this.url(resource), { method, headers, body, redirect: "manual" });
    const setCookies = res.headers.getSetCookie();
    this.jar.store(setCookies);
    const csrf = res.headers.get("medable-csrf-token");
    if (csrf) this.csrfToken = csrf;
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* non-JSON bodies are asserted on as text */
    }
    return { status: res.status, headers: res.headers, body: parsed, setCookies };
  }

  login(email: string, password: string, location?: Record<string, unknown>) {
    return this.request("POST", "/accounts/login", { body: { email, password, ...(location ? { location } : {}) } });
  }

  me() {
    return this.request("GET", "/accounts/me");
  }

  status() {
    return this.request("GET", "/accounts/status");
  }

  logout() {
    return this.request("POST", "/accounts/me/logout");
  }
}
