// Accounts: input rules (shared with the register endpoint), creation, and the Cortex view.
// Password hashes stay inside this module's create call and lib/auth: every value returned here
// omits them, and the view is built field by field so nothing private can ride along.
import { z } from "zod";
import type { Account } from "../generated/prisma/client.ts";
import type { Db, Tx } from "../db.ts";
import { faults, validationFault } from "../faults.ts";
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../auth/password.ts";
import { parseInput } from "../validation.ts";

type DbOrTx = Db | Tx;

export const ACCOUNT_ROLES = ["admin", "developer", "member"] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

// ---------------------------------------------------------------------------------------------
// Input schemas (exported for the register endpoint and the panel forms)

/** Trimmed and lower-cased before validation: emails are unique per org case-insensitively. */
export const EmailInput = z
  .string({ error: "Email is required." })
  .trim()
  .toLowerCase()
  .max(254, "Email must be at most 254 characters.")
  .pipe(z.email("Enter a valid email address."));

/**
 * E.164 (`+` country code and number, 7–15 digits). Spaces, dashes, dots and parentheses are
 * stripped first, because people paste "+1 (555) 555-0100" and the SMS provider wants E.164.
 */
export const MobileInput = z
  .string({ error: "Mobile number is required." })
  .transform((s) => s.replace(/[\s\-.()]/g, ""))
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, "Mobile must be an E.164 number, e.g. +15555550100."));

/** Never trimmed: spaces are legitimate password characters. */
export const PasswordInput = z
  .string({ error: "Password is required." })
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`);

const NamePartInput = z.string().trim().max(100, "At most 100 characters.").default("");

export const NameInput = z.object({ first: NamePartInput, last: NamePartInput });

export const RoleInput = z.enum(ACCOUNT_ROLES, { error: `Role must be one of ${ACCOUNT_ROLES.join(", ")}.` });

export const CreateAccountInput = z.object({
  orgId: z.string().min(1),
  email: EmailInput,
  password: PasswordInput,
  mobile: MobileInput.nullable().optional(),
  name: NameInput.optional(),
  roles: z
    .array(RoleInput)
    .default([])
    .transform((roles) => [...new Set(roles)]),
});
export type CreateAccountInput = z.input<typeof CreateAccountInput>;

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
