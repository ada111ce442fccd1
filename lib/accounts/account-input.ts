// Account input rules (shared by the register endpoint and the panel's forms). No server imports,
// so the browser runs the same schema; the server always parses again.
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../auth/password-policy.ts";

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
