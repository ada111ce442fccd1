// Reading accounts for responses: always through toAccountView, so nothing private leaks.
import { db } from "../db.ts";
import { faults } from "../faults.ts";
import { toAccountView, type AccountView } from "./accounts.ts";

export async function getAccountView(accountId: string): Promise<AccountView | null> {
  const account = await db().account.findUnique({ where: { id: accountId } });
  return account ? toAccountView(account) : null;
}

/**
 * The account behind a live session or signed principal; a caller whose account was deleted is
 * "not logged in". Pass the row when the caller already has it (signed requests) to skip the query.
 */
export async function requireAccountView(accountId: string, loaded: (Parameters<typeof toAccountView>[0]) | null = null): Promise<AccountView> {
  const view = loaded?.id === accountId ? toAccountView(loaded) : await getAccountView(accountId);
  if (!view) throw faults.notLoggedIn();
  return view;
}
