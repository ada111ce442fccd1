"use server";
// The landing page's "go to my organization": validate the code, check the org exists, and send the
// browser to its sign-in page.
import { redirect } from "next/navigation";
import { db } from "@/lib/db.ts";
import { describeOrgCodeProblem, getOrgByCode } from "@/lib/orgs/orgs.ts";

export interface OrgCodeState {
  code: string;
  error?: string;
}

export async function goToOrgAction(_previous: OrgCodeState, form: FormData): Promise<OrgCodeState> {
  const code = String(form.get("org") ?? "").trim().toLowerCase();
  if (!code) return { code, error: "Enter your organization's code." };
  const problem = describeOrgCodeProblem(code);
  if (problem) return { code, error: problem };
  const org = await getOrgByCode(db(), code);
  if (!org) return { code, error: `There is no organization with the code “${code}”. Check the code with your administrator.` };
  redirect(`/${org.code}/login`);
}
