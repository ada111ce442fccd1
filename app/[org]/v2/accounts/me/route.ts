// GET /<org>/v2/accounts/me — the calling account.
import { apiRoute, rejectMethods } from "@/lib/http/api-door.ts";
import { requireAccountView } from "@/lib/accounts/lookup.ts";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (call) => {
  const session = await call.requireSession();
  return { body: await requireAccountView(session.accountId) };
});

export const { POST, PUT, PATCH, DELETE } = rejectMethods();
