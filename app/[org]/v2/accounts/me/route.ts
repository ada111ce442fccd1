// GET /<org>/v2/accounts/me — the calling account (session, or a signed request's principal).
// PUT /<org>/v2/accounts/me — change the caller's own name (CSRF apps need Medable-Csrf-Token).
import { apiPreflight, apiRoute, rejectMethods } from "@/lib/http/api-door.ts";
import { requireAccountView } from "@/lib/accounts/lookup.ts";
import { updateOwnProfile } from "@/lib/accounts/profile.ts";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (call) => {
  const principal = await call.requirePrincipal();
  return { body: await requireAccountView(principal.accountId, principal.account) };
});

export const PUT = apiRoute(async (call) => {
  const principal = await call.requirePrincipal();
  return { body: await updateOwnProfile(principal.accountId, await call.body()) };
});

export const OPTIONS = apiPreflight;
export const { POST, PATCH, DELETE } = rejectMethods();
