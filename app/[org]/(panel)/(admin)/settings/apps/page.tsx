// /<org>/settings/apps — the org's apps and keys: create, reveal a secret once, regenerate,
// enable/disable, delete. The built-in control-panel app is listed first and protected.
import type { Metadata } from "next";
import { requirePanelAdmin } from "@/lib/panel/session.ts";
import { listApps } from "@/lib/apps/manage.ts";
import type { AppView } from "@/lib/apps/apps.ts";
import { PageHeader } from "@/components/panel/shell.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Table, Td, Th } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";
import { createAppAction, deleteAppAction, regenerateSecretAction, setAppEnabledAction } from "./actions.ts";
import { AppActions } from "./app-actions.tsx";
import { CreateAppCard } from "./create-app-form.tsx";
import { SecretRevealProvider, SecretRevealSlot } from "./secret-reveal.tsx";

export const metadata: Metadata = { title: "Apps · Gatehouse" };

function formatDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function StateBadge({ app, now }: { app: AppView; now: Date }) {
  if (!app.enabled) return <Badge tone="neutral">Disabled</Badge>;
  if (app.expiresAt && new Date(app.expiresAt) <= now) return <Badge tone="red">Expired</Badge>;
  return <Badge tone="green">Enabled</Badge>;
}

export default async function AppsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requirePanelAdmin(org);
  const apps = await listApps(ctx.org.id);
  const code = ctx.org.code;
  const now = new Date();
  const custom = apps.filter((a) => !a.builtIn);

  return (
    <SecretRevealProvider>
      <PageHeader
        title="Apps"
        description="Every API call names its app with the Medable-Client-Key header. Secrets are shown once, when an app is created or its secret regenerated."
      />
      <SecretRevealSlot />
      <CreateAppCard create={createAppAction.bind(null, code)} />
      <Table caption="Apps of this organization">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Type</Th>
            <Th>API key</Th>
            <Th>State</Th>
            <Th className="text-right">Actions</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {apps.map((app) => (
            <tr key={app._id} data-testid={`app-${app._id}`}>
              <Td>
                <div className="font-medium text-slate-900">{app.name}</div>
                <div className="text-xs text-slate-600">Created <Time value={app.created} /></div>
                <div className="mt-1 flex flex-wrap gap-1">
                  {app.builtIn && <Badge tone="indigo">Control panel</Badge>}
                  {app.csrf && <Badge>CSRF</Badge>}
                  {app.principalOverride && <Badge tone="amber">Principal override</Badge>}
                  {app.fixedPrincipalId && <Badge>Fixed principal</Badge>}
                </div>
              </Td>
              <Td>
                <span className="capitalize">{app.type}</span>
                {app.type === "session" && <div className="text-xs text-slate-600">idle {formatDuration(app.authDuration)}</div>}
              </Td>
              <Td>
                <div className="flex items-center gap-2 whitespace-nowrap">
                  <code className="font-mono text-xs text-slate-900">{app.key}</code>
                  <CopyButton value={app.key} label="Copy" ariaLabel={`Copy the key of ${app.name}`} />
                </div>
              </Td>
              <Td>
                <StateBadge app={app} now={now} />
                {app.expiresAt && <div className="mt-1 text-xs text-slate-600">Expires <Time value={app.expiresAt} /></div>}
              </Td>
              <Td className="text-right">
                <AppActions
                  app={app}
                  regenerate={regenerateSecretAction.bind(null, code, app._id)}
                  setEnabled={setAppEnabledAction.bind(null, code, app._id)}
                  remove={deleteAppAction.bind(null, code, app._id)}
                />
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {custom.length === 0 && (
        <div className="mt-6">
          <EmptyState title="No apps of your own yet">
            Create a session app for a browser or mobile client, or a signature app for a server integration.
          </EmptyState>
        </div>
      )}
    </SecretRevealProvider>
  );
}
