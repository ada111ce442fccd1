// The org settings' input rules, in a module with no server imports so the panel's forms can run the
// very same schema in the browser (the server parses again: the browser is never trusted).
import { z } from "zod";

export const OrgNameInput = z
  .string({ error: "Org name is required." })
  .trim()
  .min(1, "Org name is required.")
  .max(100, "Org name must be at most 100 characters.");

/** One Location Verification Bypass entry: an email (stored lower-case) or "*" for everyone. */
export const BypassEntryInput = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => v === "*" || z.email().safeParse(v).success, "Each bypass entry must be an email address or \"*\".");

export const BYPASS_LIST_MAX = 1000;

const WholeNumber = z.number({ error: "Enter a whole number." });

/** Every setting, required: the panel's forms pick from this. */
export const OrgSettingsFields = z
  .object({
    name: OrgNameInput,
    registrationEnabled: z.boolean(),
    /** 0 = never lock. */
    lockAttempts: WholeNumber.int("Enter a whole number.").min(0, "Must be 0 (never lock) or more.").max(1000, "At most 1000."),
    /** Minutes; 0 = until an admin unlocks. At most a year. */
    lockDuration: WholeNumber.int("Enter a whole number.").min(0, "Must be 0 (until unlocked) or more.").max(525_600, "At most 525600 minutes (a year)."),
    simultaneousLogins: z.boolean(),
    bypassEmails: z.array(BypassEntryInput).max(BYPASS_LIST_MAX, `At most ${BYPASS_LIST_MAX} entries.`).transform((list) => [...new Set(list)]),
    smsDailyBudget: WholeNumber.int("Enter a whole number.").min(0, "Must be 0 or more.").max(1_000_000, "At most 1000000."),
  });

/** A settings change: fields left out keep their values. */
export const OrgSettingsInput = OrgSettingsFields.partial();
export type OrgSettingsInput = z.input<typeof OrgSettingsInput>;
