// /<org> — the panel's overview: the org at a glance for admins; the account itself for members.
import Link from "next/link";
import type { Metadata } from "next";
import { requirePanelSession } from "@/lib/panel/session.ts";
import { getOrgOverview } from "@/lib/panel/overview.ts";
import { listAuditEvents } from "@/lib/audit/query.ts";
import { auditLabel } from "@/lib/panel/audit-labels.ts";
import { PageHeader } from "@/components/panel/shell.tsx";
import { Card } from "@/components/ui/card.tsx";
import { Alert } from "@/components/ui/alert.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Time } from "@/components/ui/time.tsx";

export const metadata: Metadata = { title: "Overview · Gatehouse" };

export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgCode } = await params;
  const ctx = await requirePanelSession(orgCode);
  const base = `/${ctx.org.code}`;

  if (!ctx.canAdminister) {
    return (
      <>
        <PageHeader title={`Welcome, ${ctx.account.name}`} description={`You are signed in to ${ctx.org.name}.`} />
        <div className="grid gap-6 md:grid-cols-2">
          <Card title="Your account">
            <dl className="grid grid-cols-3 gap-y-2 text-sm">
              <dt className="text-slate-600">Email</dt><dd className="col-span-2 text-slate-900">{ctx.account.email}</dd>
              <dt className="text-slate-600">Roles</dt><dd className="col-span-2">{ctx.account.roles.length ? ctx.account.roles.join(", ") : "member"}</dd>
            </dl>
          </Card>
          <Alert tone="info" title="Administration is for admins and developers">
            Organization settings, apps, accounts and the audit log need the admin or developer role. Ask an administrator of this
            organization if you need access.
          </Alert>
        </div>
      </>
    );
  }

  const [stats, recent] = await Promise.all([
    getOrgOverview(ctx.org.id),
    listAuditEvents(ctx.org.id, {}, { page: 1, pageSize: 8 }),
  ]);
  const bypass = ctx.org.bypassEmails;

  return (
    <>
      <PageHeader title="Overview" description={`${ctx.org.name} at a glance.`} />
      {bypass.length > 0 && (
        <Alert tone={bypass.includes("*") ? "danger" : "warning"} className="mb-6" title="Location verification is bypassed">
          {bypass.includes("*")
            ? "Everyone in this organization signs in from new devices without a code. "
            : `${bypass.length} ${bypass.length === 1 ? "account signs" : "accounts sign"} in from new devices without a code. `}
          <Link href={`${base}/settings/organization#bypass`} className="font-semibold underline">Review the bypass list</Link>
        </Alert>
      )}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Accounts" value={stats.accounts} href={`${base}/accounts`} note={stats.lockedAccounts ? `${stats.lockedAccounts} locked` : "none locked"} />
        <Stat label="Apps" value={stats.apps} href={`${base}/settings/apps`} note={stats.disabledApps ? `${stats.disabledApps} disabled` : "all enabled"} />
        <Stat label="Verified devices" value={stats.verifiedLocations} note="across all accounts" />
        <Stat label="Sign-ins (24 h)" value={stats.signInsLastDay} href={`${base}/audit?type=login.succeeded`} note={`${stats.failedSignInsLastDay} failed · ${stats.codesSentLastDay} codes sent`} />
      </div>
      <Card className="mt-6" title="Recent activity" actions={<Link className="text-sm font-medium text-indigo-700 hover:text-indigo-900" href={`${base}/audit`}>Open the audit log</Link>}>
        {recent.items.length === 0 ? (
          <EmptyState title="No activity yet">Sign-ins, codes and administrative changes will appear here.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {recent.items.map((e) => {
              const { label, tone } = auditLabel(e.type);
              return (
                <li key={e.id} className="flex flex-wrap items-center justify-between gap-3 py-2.5 text-sm">
                  <span className="flex items-center gap-3">
                    <Badge tone={tone}>{label}</Badge>
                    <span className="text-slate-700">{e.accountEmail ?? "—"}</span>
                  </span>
                  <span className="text-slate-600"><Time value={e.at} /></span>
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </>
  );
}

function Stat({ label, value, note, href }: { label: string; value: number; note?: string; href?: string }) {
  const body = (
    <>
      <p className="text-sm font-medium text-slate-600">{label}</p>
      <p className="mt-1 text-3xl font-semibold tracking-tight text-slate-900">{value}</p>
      {note && <p className="mt-1 text-xs text-slate-600">{note}</p>}
    </>
  );
  return (
    <div className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      {href ? <Link href={href} className="block hover:opacity-80">{body}</Link> : body}
    </div>
  );
}
