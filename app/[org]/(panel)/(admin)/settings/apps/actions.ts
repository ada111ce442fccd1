"use server";
// App mutations from Settings › Apps. Secrets travel only in the answer to the action that made them
// (create, regenerate): never in a page render, so a reload never shows one again.
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db.ts";
import { validationFault } from "@/lib/faults.ts";
import { runAdminAction } from "@/lib/panel/admin-action.ts";
import type { ActionResult } from "@/lib/panel/action-result.ts";
import { createOrgApp, deleteOrgApp, regenerateOrgAppSecret, setAppEnabled } from "@/lib/apps/manage.ts";
import type { AppView } from "@/lib/apps/apps.ts";
import type { PanelContext } from "@/lib/panel/session.ts";

export interface CreateAppForm {
  name: string;
  type: "session" | "signature";
  csrf: boolean;
  authDuration: number;
  /** "YYYY-MM-DD" (the key works through the end of that UTC day), or "". */
  expiresOn: string;
  principalOverride: boolean;
  /** An account email or id, or "". */
  fixedPrincipal: string;
}

export interface RevealedSecret {
  app: AppView;
  secret: string;
}

const refresh = (orgCode: string) => revalidatePath(`/${orgCode}/settings/apps`);

async function resolvePrincipal(ctx: PanelContext, value: string): Promise<string | null> {
  const trimmed = value.trim();
  if (!trimmed) return null;
  const account = await db().account.findFirst({
    where: /^[0-9a-f]{24}$/.test(trimmed) ? { orgId: ctx.org.id, id: trimmed } : { orgId: ctx.org.id, email: trimmed.toLowerCase() },
    select: { id: true },
  });
  if (!account) throw validationFault([{ path: "fixedPrincipal", message: "No account with this email or id in this organization." }]);
  return account.id;
}

function expiryFrom(day: string): Date | null | string {
  if (!day) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T23:59:59.999Z`) : day;
}

export async function createAppAction(orgCode: string, form: CreateAppForm): Promise<ActionResult<RevealedSecret>> {
  const result = await runAdminAction(orgCode, async (ctx) => {
    const signature = form.type === "signature";
    const fixedPrincipalId = signature ? await resolvePrincipal(ctx, form.fixedPrincipal ?? "") : null;
    return createOrgApp(ctx.actor, {
      name: form.name,
      type: form.type,
      csrf: !signature && !!form.csrf,
      authDuration: Number.isFinite(form.authDuration) ? form.authDuration : Number.NaN,
      expiresAt: expiryFrom(form.expiresOn ?? "") as Date | null,
      principalOverride: signature && !!form.principalOverride,
      fixedPrincipalId,
    });
  });
  if (!result.ok && result.fieldErrors?.fixedPrincipalId) {
    result.fieldErrors.fixedPrincipal = result.fieldErrors.fixedPrincipalId;
  }
  if (!result.ok && result.fieldErrors?.expiresAt) result.fieldErrors.expiresOn = result.fieldErrors.expiresAt;
  if (result.ok) refresh(orgCode);
  return result;
}

export async function regenerateSecretAction(orgCode: string, appId: string): Promise<ActionResult<RevealedSecret>> {
  const result = await runAdminAction(orgCode, (ctx) => regenerateOrgAppSecret(ctx.actor, appId));
  if (result.ok) refresh(orgCode);
  return result;
}

export async function setAppEnabledAction(orgCode: string, appId: string, enabled: boolean): Promise<ActionResult<AppView>> {
  const result = await runAdminAction(orgCode, (ctx) => setAppEnabled(ctx.actor, appId, enabled));
  if (result.ok) refresh(orgCode);
  return result;
}

export async function deleteAppAction(orgCode: string, appId: string): Promise<ActionResult<null>> {
  const result = await runAdminAction(orgCode, async (ctx) => {
    await deleteOrgApp(ctx.actor, appId);
    return null;
  });
  if (result.ok) refresh(orgCode);
  return result;
}
