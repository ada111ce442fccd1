// Accounts: input rules (shared with the register endpoint), creation, and the Cortex view.
// Password hashes stay inside this module's create call and lib/auth: every value returned here
// omits them, and the view is built field by field so nothing private can ride along.
import { z } from "zod";
import type { Account } from "../generated/prisma/client.ts";
import type { Db, Tx } from "../db.ts";
import { faults, validationFault } from "../faults.ts";
import { hashPassword } from "../auth/password.ts";
import { parseInput } from "../validation.ts";
import { CreateAccountInput } from "./account-input.ts";

export {
  ACCOUNT_ROLES, CreateAccountInput, EmailInput, MobileInput, NameInput, PasswordInput, RoleInput, type AccountRole,
} from "./account-input.ts";

type DbOrTx = Db | Tx;

// ---------------------------------------------------------------------------------------------
// The view: exactly Cortex's account object.

export const AccountView = z.object({
  _id: z.string(),
  object: z.literal("account"),
  email: z.string(),
  name: z.object({ first: z.string(), last: z.string() }),
  /** Absent when the account has no mobile number (Cortex omits unset properties). */
  mobile: z.string().optional(),
  roles: z.array(z.string()),
  state: z.enum(["unverified", "verified"]),
  created: z.string(),
});
export type AccountView = z.infer<typeof AccountView>;

/** An account row as returned by this module: never carries the password hash. */
export type AccountRecord = Omit<Account, "passwordHash">;

type ViewableAccount = Pick<Account, "id" | "email" | "nameFirst" | "nameLast" | "mobile" | "roles" | "state" | "createdAt">;

export function toAccountView(account: ViewableAccount): AccountView {
  const view: AccountView = {
    _id: account.id,
    object: "account",
    email: account.email,
    name: { first: account.nameFirst, last: account.nameLast },
    roles: [...account.roles],
    state: account.state,
    created: account.createdAt.toISOString(),
  };
  if (account.mobile) view.mobile = account.mobile;
  return view;
}

// ---------------------------------------------------------------------------------------------
// Operations

function hasPrismaCode(e: unknown, code: string): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === code &&
    (e as { name?: unknown }).name === "PrismaClientKnownRequestError";
}

/**
 * Create an account in an org. Works inside a transaction (registration creates the account,
 * its first location and a session atomically). A taken email is a validation fault on "email".
 */
export async function createAccount(db: DbOrTx, input: CreateAccountInput): Promise<AccountRecord> {
  const data = parseInput(CreateAccountInput, input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.account.create({
      data: {
        orgId: data.orgId,
        email: data.email,
        passwordHash,
        mobile: data.mobile ?? null,
        nameFirst: data.name?.first ?? "",
        nameLast: data.name?.last ?? "",
        roles: data.roles,
      },
      omit: { passwordHash: true },
    });
  } catch (e) {
    if (hasPrismaCode(e, "P2002")) {
      throw validationFault([{ path: "email", message: "An account with this email already exists in this org." }]);
    }
    if (hasPrismaCode(e, "P2003")) throw faults.orgNotFound();
    throw e;
  }
}

/** The account with this email in the org (case-insensitive), or null. */
export async function getAccountByEmail(db: DbOrTx, orgId: string, email: string): Promise<AccountRecord | null> {
  return db.account.findUnique({
    where: { orgId_email: { orgId, email: email.trim().toLowerCase() } },
    omit: { passwordHash: true },
  });
}
