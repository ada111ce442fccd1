// POST /<org>/v2/accounts/me/logout — end the session; answers true/false, never a fault.
import { apiRoute, rejectMethods } from "@/lib/http/api-door.ts";
import { logout } from "@/lib/auth/logout.ts";
import { SESSION_COOKIE, clearedSessionCookie } from "@/lib/http/cookies.ts";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (call) => {
  const ended = await logout(
    { orgId: call.org.id, appId: call.app.id, ip: call.ip, userAgent: call.userAgent },
    call.cookies.get(SESSION_COOKIE) ?? null,
    call.now,
  );
  call.setCookies.push(clearedSessionCookie(call.org.code, call.secure));
  return { body: { object: "result", data: ended } };
});

export const { GET, PUT, PATCH, DELETE } = rejectMethods();
