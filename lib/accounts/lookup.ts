// Reading accounts for responses: always through toAccountView, so nothing private leaks.
import { db } from "../db.ts";
import { faults } from "../faults.ts";
import { toAccountView, type AccountView } from "./accounts.ts";

export async function getAccountView(accountId: string): Promise<AccountView | null> {
  const account = await db().account.findUnique({ where: { id: accountId } });
  return account ? toAccountView(account) : null;
}

/** The account behind a live session; a session whose account was deleted is "not logged in". */
export async function requireAccountView(accountId: string): Promise<AccountView> {
  const view = await getAccountView(accountId);
  if (!view) throw faults.notLoggedIn();
  return view;
}
