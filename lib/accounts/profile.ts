// The caller's own profile: what PUT /<org>/v2/accounts/me may change. Only the name: the email is
// the sign-in identity and the mobile is the second factor, so both need their own verified flows.
import { z } from "zod";
import { db } from "../db.ts";
import { faults } from "../faults.ts";
import { parseInput } from "../validation.ts";
import { toAccountView, type AccountView } from "./accounts.ts";

const NamePart = z.string("Must be a string.").trim().max(100, "At most 100 characters.");

export const UpdateProfileInput = z.strictObject(
  { name: z.strictObject({ first: NamePart.optional(), last: NamePart.optional() }, "Only name.first and name.last can be set.") },
  "Only name can be changed here.",
);

export async function updateOwnProfile(accountId: string, rawInput: unknown): Promise<AccountView> {
  const { name } = parseInput(UpdateProfileInput, rawInput);
  const { count } = await db().account.updateMany({
    where: { id: accountId },
    data: {
      ...(name.first !== undefined ? { nameFirst: name.first } : {}),
      ...(name.last !== undefined ? { nameLast: name.last } : {}),
    },
  });
  if (count === 0) throw faults.notLoggedIn(); // the account was deleted under a live session
  const account = await db().account.findUniqueOrThrow({ where: { id: accountId } });
  return toAccountView(account);
}
