"use server";
// Create an account in the org; on success, open its page.
import { redirect } from "next/navigation";
import { runAdminAction } from "@/lib/panel/admin-action.ts";
import { createOrgAccount } from "@/lib/accounts/admin.ts";
import type { ActionResult } from "@/lib/panel/action-result.ts";
import type { CreateAccountInput } from "@/lib/accounts/account-input.ts";

export async function createAccountAction(orgCode: string, input: Omit<CreateAccountInput, "orgId">): Promise<ActionResult<null>> {
  const result = await runAdminAction(orgCode, (ctx) => createOrgAccount(ctx.actor, input));
  if (!result.ok) return result;
  redirect(`/${orgCode}/accounts/${result.data!.id}?created=1`);
}
