// POST /<org>/v2/accounts/login — password login with new-location verification (SPEC §2–3).
import { apiRoute, rejectMethods } from "@/lib/http/api-door.ts";
import { loginContextFor, sessionResult } from "@/lib/http/api-auth.ts";
import { loginWithPassword } from "@/lib/auth/login.ts";
import { faults } from "@/lib/faults.ts";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (call) => {
  if (call.req.headers.get("medable-client-signature")) {
    throw faults.invalidRequestSignature({ reason: "A login request cannot be signed." });
  }
  const body = await call.body({ allowUrlEncoded: true });
  const success = await loginWithPassword(loginContextFor(call), body, call.now);
  return sessionResult(call, success);
});

export const { GET, PUT, PATCH, DELETE } = rejectMethods();
