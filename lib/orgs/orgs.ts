// Orgs: the code that names them in every URL (/<org>/v2/..., /<org>/login), creation together
// with the built-in control-panel app, lookup, and the org-wide auth settings.
import { z } from "zod";
import type { Org } from "../generated/prisma/client.ts";
import type { Db, Tx } from "../db.ts";
import { faults, validationFault } from "../faults.ts";
import { parseInput } from "../validation.ts";
import { createPanelApp, type AppView } from "../apps/apps.ts";
import { OrgNameInput, OrgSettingsInput } from "./settings-input.ts";

export { BypassEntryInput, OrgNameInput, OrgSettingsInput } from "./settings-input.ts";

type DbOrTx = Db | Tx;

export const ORG_CODE_MIN_LENGTH = 2;
export const ORG_CODE_MAX_LENGTH = 40;

/**
 * Codes that would shadow the app's own top-level paths (Next internals, static files, the
 * landing and docs pages, the API namespace). An org named "api" would make /api/health its page.
 */
export const RESERVED_ORG_CODES: ReadonlySet<string> = new Set([
  "api", "_next", "static", "public", "favicon.ico", "robots.txt", "login", "logout", "docs",
  "health", "admin", "assets", "images", "v2", "new", "settings",
]);

const ORG_CODE_CHARS = /^[a-z0-9-]+$/;
const ORG_CODE_EDGES = /^[a-z0-9](?:.*[a-z0-9])?$/;

/** Why `code` cannot be an org code, or null when it can. One message, most basic problem first. */
export function describeOrgCodeProblem(code: string): string | null {
  if (code.length < ORG_CODE_MIN_LENGTH || code.length > ORG_CODE_MAX_LENGTH) {
    return `Org code must be ${ORG_CODE_MIN_LENGTH}–${ORG_CODE_MAX_LENGTH} characters.`;
  }
  if (!ORG_CODE_CHARS.test(code)) return "Org code may contain only lower-case letters, digits and '-'.";
  if (!ORG_CODE_EDGES.test(code)) return "Org code must start and end with a letter or digit.";
  if (RESERVED_ORG_CODES.has(code)) return `"${code}" is reserved; choose another org code.`;
  return null;
}

export function isValidOrgCode(code: string): boolean {
  return describeOrgCodeProblem(code) === null;
}

export const OrgCodeInput = z
  .string({ error: "Org code is required." })
  .trim()
  .superRefine((code, ctx) => {
    const problem = describeOrgCodeProblem(code);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const CreateOrgInput = z.object({ code: OrgCodeInput, name: OrgNameInput });
export type CreateOrgInput = z.input<typeof CreateOrgInput>;

// ---------------------------------------------------------------------------------------------
// Views

export const OrgView = z.object({
  _id: z.string(),
  object: z.literal("org"),
  code: z.string(),
  name: z.string(),
  created: z.string(),
});
export type OrgView = z.infer<typeof OrgView>;

export function toOrgView(org: Org): OrgView {
  return { _id: org.id, object: "org", code: org.code, name: org.name, created: org.createdAt.toISOString() };
}

/** Admin-only: includes the bypass list, which tells an attacker whose logins skip SMS. */
export const OrgSettingsView = OrgView.extend({
  registrationEnabled: z.boolean(),
  lockAttempts: z.number(),
  lockDuration: z.number(),
  simultaneousLogins: z.boolean(),
  bypassEmails: z.array(z.string()),
  smsDailyBudget: z.number(),
  updated: z.string(),
});
export type OrgSettingsView = z.infer<typeof OrgSettingsView>;

export function toOrgSettingsView(org: Org): OrgSettingsView {
  return {
    ...toOrgView(org),
    registrationEnabled: org.registrationEnabled,
    lockAttempts: org.lockAttempts,
    lockDuration: org.lockDuration,
    simultaneousLogins: org.simultaneousLogins,
    bypassEmails: [...org.bypassEmails],
    smsDailyBudget: org.smsDailyBudget,
    updated: org.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Operations

function hasPrismaCode(e: unknown, code: string): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === code &&
    (e as { name?: unknown }).name === "PrismaClientKnownRequestError";
}

/**
 * Create an org and its built-in "Control Panel" session app in one transaction, so no org can
 * exist without the app the panel signs in through. A taken code is a validation fault on "code".
 */
export async function createOrg(db: Db, input: CreateOrgInput): Promise<{ org: OrgView; panelApp: AppView }> {
  const data = parseInput(CreateOrgInput, input);
  try {
    return await db.$transaction(async (tx) => {
      const org = await tx.org.create({ data: { code: data.code, name: data.name } });
      const panelApp = await createPanelApp(tx, org.id);
      return { org: toOrgView(org), panelApp };
    });
  } catch (e) {
    if (hasPrismaCode(e, "P2002")) {
      throw validationFault([{ path: "code", message: `An org with the code "${data.code}" already exists.` }]);
    }
    throw e;
  }
}

/** The org for a URL segment, or null. Codes that cannot be valid never reach the database. */
export async function getOrgByCode(db: DbOrTx, code: string): Promise<Org | null> {
  if (!isValidOrgCode(code)) return null;
  return db.org.findUnique({ where: { code } });
}

/** The org for a URL segment; throws kNotFound (cortex.notFound.org) when there is none. */
export async function requireOrgByCode(db: DbOrTx, code: string): Promise<Org> {
  const org = await getOrgByCode(db, code);
  if (!org) throw faults.orgNotFound();
  return org;
}

/** Change some of an org's settings; fields left out keep their values. */
export async function updateOrgSettings(db: DbOrTx, orgId: string, patch: OrgSettingsInput): Promise<OrgSettingsView> {
  const data = parseInput(OrgSettingsInput, patch);
  try {
    const org = await db.org.update({ where: { id: orgId }, data });
    return toOrgSettingsView(org);
  } catch (e) {
    if (hasPrismaCode(e, "P2025")) throw faults.orgNotFound();
    throw e;
  }
}
