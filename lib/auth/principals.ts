// Who a verified signed request acts as (SPEC §4): the Medable-Client-Account override when the app
// allows it (an account id or an email of the app's org), else the app's fixed principal, else
// nobody (anonymous). One indexed query at most.
import type { App } from "../generated/prisma/client.ts";
import type { AccountRecord } from "../accounts/accounts.ts";
import type { Db } from "../db.ts";
import { db } from "../db.ts";
import { faults } from "../faults.ts";

export type PrincipalSource = "override" | "fixed" | "anonymous";

export interface Principal {
  account: AccountRecord | null;
  via: PrincipalSource;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

async function findAccount(client: Db, orgId: string, idOrEmail: string): Promise<AccountRecord | null> {
  if (OBJECT_ID.test(idOrEmail)) {
    return client.account.findFirst({ where: { id: idOrEmail.toLowerCase(), orgId } });
  }
  return client.account.findUnique({ where: { orgId_email: { orgId, email: idOrEmail.toLowerCase() } } });
}

export async function resolvePrincipal(
  app: Pick<App, "orgId" | "principalOverride" | "fixedPrincipalId">,
  requested: string | null,
  client: Db = db(),
): Promise<Principal> {
  if (requested !== null) {
    if (!app.principalOverride) {
      throw faults.principalDenied({ reason: "This app does not allow the principal to be chosen per request." });
    }
    const account = await findAccount(client, app.orgId, requested);
    if (!account) throw faults.principalNotFound({ reason: "No account of this org has that id or email." });
    return { account, via: "override" };
  }
  if (app.fixedPrincipalId) {
    const account = await findAccount(client, app.orgId, app.fixedPrincipalId);
    // The fixed principal was deleted after the app was configured: refuse rather than silently
    // downgrade to anonymous, so the misconfiguration is visible.
    if (!account) throw faults.principalNotFound({ reason: "The app's fixed principal no longer exists." });
    return { account, via: "fixed" };
  }
  return { account: null, via: "anonymous" };
}
