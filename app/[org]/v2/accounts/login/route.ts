// POST /<org>/v2/accounts/login — password login with new-location verification (SPEC §2–3).
import { apiPreflight, apiRoute, rejectMethods } from "@/lib/http/api-door.ts";
import { loginContextFor, sessionResult } from "@/lib/http/api-auth.ts";
import { loginWithPassword } from "@/lib/auth/login.ts";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  async (call) => {
    const body = await call.body({ allowUrlEncoded: true });
    const success = await loginWithPassword(loginContextFor(call), body, call.now);
    return sessionResult(call, success);
  },
  { refuseSigned: "A login request cannot be signed." },
);

export const OPTIONS = apiPreflight;
export const { GET, PUT, PATCH, DELETE } = rejectMethods();
