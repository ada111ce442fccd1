// How a sign-in fault travels from the panel door's authorize() to the sign-in form: next-auth 4
// passes the thrown Error's message through as `error`, so the message is a small JSON document.
// No server imports: the form decodes it in the browser.

export interface PanelLoginError {
  code: string;
  errCode: string;
  reason?: string;
  path?: string;
  /** Seconds, from the fault's Retry-After (resend cool-down, throttling). */
  retryAfter?: number;
  /** Child faults: codes (kAccountLocked under kInvalidCredentials) and field messages. */
  faults?: Array<{ code: string; path?: string; message: string }>;
}

interface FaultLike {
  code: string;
  errCode: string;
  reason?: string;
  path?: string;
  message: string;
  headers?: Record<string, string>;
  faults?: FaultLike[];
}

export function encodeLoginError(fault: FaultLike): string {
  const retry = Number(fault.headers?.["Retry-After"]);
  const body: PanelLoginError = { code: fault.code, errCode: fault.errCode };
  if (fault.reason) body.reason = fault.reason;
  if (fault.path) body.path = fault.path;
  if (Number.isFinite(retry) && retry > 0) body.retryAfter = retry;
  if (fault.faults?.length) body.faults = fault.faults.map((f) => ({ code: f.code, path: f.path, message: f.message }));
  return JSON.stringify(body);
}

/** The error next-auth handed back; anything unexpected becomes a generic error. */
export function decodeLoginError(error: string | null | undefined): PanelLoginError {
  if (!error) return { code: "kError", errCode: "cortex.error.unspecified" };
  try {
    const parsed = JSON.parse(error) as Partial<PanelLoginError>;
    if (parsed && typeof parsed.code === "string" && typeof parsed.errCode === "string") return parsed as PanelLoginError;
  } catch {
    // next-auth's own codes ("CredentialsSignin", "Configuration"…) are not JSON.
  }
  return { code: "kError", errCode: `nextauth.${error.slice(0, 40)}` };
}
