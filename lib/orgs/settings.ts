// Saving org settings from the control panel: validate (kValidationError with one child fault per
// field), apply only the fields sent, and audit which fields changed. The login core reads the org
// row on every login, so a saved bypass list or lockout policy applies to the very next login.
import { db } from "../db.ts";
import { recordAudit, type AdminActor } from "../audit/audit.ts";
import { parseInput } from "../validation.ts";
import { faults } from "../faults.ts";
import { OrgSettingsInput } from "./settings-input.ts";
import { toOrgSettingsView, type OrgSettingsView } from "./orgs.ts";

type SettingsKey = keyof NonNullable<ReturnType<typeof OrgSettingsInput.parse>>;

export async function getOrgSettings(orgId: string): Promise<OrgSettingsView> {
  const org = await db().org.findUnique({ where: { id: orgId } });
  if (!org) throw faults.orgNotFound();
  return toOrgSettingsView(org);
}

export async function saveOrgSettings(actor: AdminActor, patch: unknown, now = new Date()): Promise<OrgSettingsView> {
  const data = parseInput(OrgSettingsInput, patch);
  return db().$transaction(async (tx) => {
    const before = await tx.org.findUnique({ where: { id: actor.orgId } });
    if (!before) throw faults.orgNotFound();
    const changed = (Object.keys(data) as SettingsKey[]).filter(
      (key) => JSON.stringify(data[key]) !== JSON.stringify(before[key]),
    );
    if (changed.length === 0) return toOrgSettingsView(before);
    const org = await tx.org.update({ where: { id: actor.orgId }, data });
    const detail: Record<string, string | number | boolean | null> = { by: actor.accountId, fields: changed.join(",") };
    if (changed.includes("bypassEmails")) {
      const previous = new Set(before.bypassEmails);
      const next = new Set(org.bypassEmails);
      detail.bypassAdded = [...next].filter((e) => !previous.has(e)).length;
      detail.bypassRemoved = [...previous].filter((e) => !next.has(e)).length;
      detail.bypassEveryone = next.has("*");
    }
    await recordAudit(tx, actor, { type: "org.updated", detail }, now);
    return toOrgSettingsView(org);
  });
}
