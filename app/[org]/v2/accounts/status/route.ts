// GET /<org>/v2/accounts/status — whether the caller is logged in; works without a session.
import { apiRoute, rejectMethods } from "@/lib/http/api-door.ts";
import { getAccountView } from "@/lib/accounts/lookup.ts";
import { isFault } from "@/lib/faults.ts";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (call) => {
  const session = await call.requireSession().catch((e) => {
    if (isFault(e)) return null;
    throw e;
  });
  const account = session ? await getAccountView(session.accountId) : null;
  return { body: { object: "result", data: account ? { loggedin: true, account } : { loggedin: false } } };
});

export const { POST, PUT, PATCH, DELETE } = rejectMethods();
