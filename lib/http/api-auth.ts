// Glue between the API door and the auth core for login-like routes: build the core's context from
// the call, and turn a new session into cookies and headers.
import type { LoginContext, LoginSuccess } from "../auth/login.ts";
import type { ApiCall, ApiResult } from "./api-door.ts";
import { sessionCookie } from "./cookies.ts";

export function loginContextFor(call: ApiCall): LoginContext {
  return {
    org: call.org,
    app: { id: call.app.id, authDuration: call.app.authDuration, csrf: call.app.csrf },
    fingerprint: call.ensureFingerprint(),
    ip: call.ip,
    userAgent: call.userAgent,
  };
}

/** The account object, the md.sid cookie, and Medable-Csrf-Token for CSRF apps. */
export function sessionResult(call: ApiCall, success: LoginSuccess): ApiResult {
  call.setCookies.push(sessionCookie(call.org.code, success.session.token, call.secure));
  const headers: Record<string, string> = {};
  if (success.session.csrfToken) headers["Medable-Csrf-Token"] = success.session.csrfToken;
  return { body: success.account, headers };
}
