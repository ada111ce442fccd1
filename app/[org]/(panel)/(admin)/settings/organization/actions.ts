"use server";
// Save some of the org's settings (each form sends only its own fields).
import { revalidatePath } from "next/cache";
import { runAdminAction } from "@/lib/panel/admin-action.ts";
import { saveOrgSettings } from "@/lib/orgs/settings.ts";
import type { OrgSettingsInput } from "@/lib/orgs/settings-input.ts";
import type { OrgSettingsView } from "@/lib/orgs/orgs.ts";
import type { ActionResult } from "@/lib/panel/action-result.ts";

export async function saveSettingsAction(orgCode: string, patch: OrgSettingsInput): Promise<ActionResult<OrgSettingsView>> {
  const result = await runAdminAction(orgCode, (ctx) => saveOrgSettings(ctx.actor, patch));
  if (result.ok) revalidatePath(`/${orgCode}`, "layout");
  return result;
}
