// POST /<org>/v2/accounts/me/logout — end the session; answers true/false, never a fault.
// No CSRF check: logging out is what a CSRF mismatch would do anyway. A signed request has no
// session (the door ignores its cookies), so it answers false and clears nothing.
import { apiPreflight, apiRoute, rejectMethods } from "@/lib/http/api-door.ts";
import { logout } from "@/lib/auth/logout.ts";
import { SESSION_COOKIE, clearedSessionCookie } from "@/lib/http/cookies.ts";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (call) => {
  const ended = await logout(
    { orgId: call.org.id, appId: call.app.id, ip: call.ip, userAgent: call.userAgent },
    call.cookies.get(SESSION_COOKIE) ?? null,
    call.now,
  );
  if (!call.signed) call.setCookies.push(clearedSessionCookie(call.org.code, call.secure));
  return { body: { object: "result", data: ended } };
});

export const OPTIONS = apiPreflight;
export const { GET, PUT, PATCH, DELETE } = rejectMethods();
