// GET /<org>/v2/accounts/status — whether the caller is logged in; works without a session.
// A signed request is "logged in" when it has a principal.
import { apiPreflight, apiRoute, rejectMethods } from "@/lib/http/api-door.ts";
import { getAccountView } from "@/lib/accounts/lookup.ts";
import { toAccountView } from "@/lib/accounts/accounts.ts";
import { isFault } from "@/lib/faults.ts";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (call) => {
  const caller = await call.requireCaller().catch((e) => {
    if (isFault(e)) return null;
    throw e;
  });
  const account = caller?.kind === "signed"
    ? (caller.account ? toAccountView(caller.account) : null)
    : caller ? await getAccountView(caller.accountId) : null;
  return { body: { object: "result", data: account ? { loggedin: true, account } : { loggedin: false } } };
});

export const OPTIONS = apiPreflight;
export const { POST, PUT, PATCH, DELETE } = rejectMethods();
