// POST /<org>/v2/accounts/register — self-registration; the registering location is trusted.
import { apiPreflight, apiRoute, rejectMethods } from "@/lib/http/api-door.ts";
import { loginContextFor, sessionResult } from "@/lib/http/api-auth.ts";
import { registerAccount } from "@/lib/auth/register.ts";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  async (call) => {
    const body = await call.body({ allowUrlEncoded: true });
    const ctx = loginContextFor(call);
    const success = await registerAccount({ ...ctx, org: call.org }, body, call.now);
    return sessionResult(call, success);
  },
  { refuseSigned: "A registration request cannot be signed." },
);

export const OPTIONS = apiPreflight;
export const { GET, PUT, PATCH, DELETE } = rejectMethods();
