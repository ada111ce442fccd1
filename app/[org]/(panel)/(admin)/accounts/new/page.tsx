// /<org>/accounts/new — create an account.
import type { Metadata } from "next";
import { requirePanelAdmin } from "@/lib/panel/session.ts";
import { PageHeader } from "@/components/panel/shell.tsx";
import { createAccountAction } from "./actions.ts";
import { CreateAccountForm } from "./create-account-form.tsx";

export const metadata: Metadata = { title: "New account · Gatehouse" };

export default async function NewAccountPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requirePanelAdmin(org);
  return (
    <>
      <PageHeader
        title="New account"
        description="The person signs in with this email and password. Their first sign-in from each device is verified with a code sent to the mobile number."
        back={{ href: `/${ctx.org.code}/accounts`, label: "Accounts" }}
      />
      <CreateAccountForm create={createAccountAction.bind(null, ctx.org.code)} />
    </>
  );
}
