// /<org>/settings/organization — name, registration, lockout, simultaneous logins, SMS budget and
// the Location Verification Bypass list.
import type { Metadata } from "next";
import { requirePanelAdmin } from "@/lib/panel/session.ts";
import { getOrgSettings } from "@/lib/orgs/settings.ts";
import { PageHeader } from "@/components/panel/shell.tsx";
import { BypassForm, GeneralForm, SecurityForm } from "./settings-forms.tsx";
import { saveSettingsAction } from "./actions.ts";

export const metadata: Metadata = { title: "Organization settings · Gatehouse" };

export default async function OrganizationSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requirePanelAdmin(org);
  const settings = await getOrgSettings(ctx.org.id);
  const save = saveSettingsAction.bind(null, ctx.org.code);
  return (
    <>
      <PageHeader
        title="Organization settings"
        description="How people sign in to this organization, through the control panel and every app. Changes apply to the next sign-in."
      />
      <div className="max-w-3xl space-y-6">
        <GeneralForm settings={settings} save={save} />
        <SecurityForm settings={settings} save={save} />
        <BypassForm settings={settings} save={save} />
      </div>
    </>
  );
}
