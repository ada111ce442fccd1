// /<org>/audit — the audit log: auth events the core records and panel administration, newest
// first, filtered by account, event type and date (UTC), in pages.
import type { Metadata } from "next";
import Link from "next/link";
import { requirePanelAdmin } from "@/lib/panel/session.ts";
import { listAuditEvents } from "@/lib/audit/query.ts";
import { AUDIT_EVENT_TYPES } from "@/lib/audit/audit.ts";
import { auditLabel, describeDetail } from "@/lib/panel/audit-labels.ts";
import { PageHeader } from "@/components/panel/shell.tsx";
import { Alert } from "@/components/ui/alert.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import { buttonClass } from "@/components/ui/button.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Input, Select } from "@/components/ui/input.tsx";
import { Pagination } from "@/components/ui/pagination.tsx";
import { Table, Td, Th } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";

export const metadata: Metadata = { title: "Audit log · Gatehouse" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function AuditPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: SearchParams }) {
  const { org } = await params;
  const ctx = await requirePanelAdmin(org);
  const sp = await searchParams;
  const filter = { account: str(sp.account), type: str(sp.type), from: str(sp.from), to: str(sp.to) };
  const page = Number(str(sp.page) || "1");
  const result = await listAuditEvents(ctx.org.id, filter, { page });
  const base = `/${ctx.org.code}/audit`;
  const filtered = Object.values(filter).some(Boolean);
  const query = Object.fromEntries(Object.entries(filter).filter(([, v]) => v));
  const hrefFor = (p: number) => `${base}?${new URLSearchParams({ ...query, page: String(p) })}`;

  return (
    <>
      <PageHeader title="Audit log" description="Sign-ins, codes, devices and administrative changes in this organization, newest first. Times are UTC." />
      <form key={JSON.stringify(filter)} role="search" aria-label="Filter the audit log" action={base} method="get" className="mb-6 grid gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-5">
        <div className="lg:col-span-2">
          <label htmlFor="audit-account" className="block text-sm font-medium text-slate-800">Account</label>
          <Input id="audit-account" name="account" type="search" defaultValue={filter.account} placeholder="Email or account id" className="mt-1.5" />
        </div>
        <div>
          <label htmlFor="audit-type" className="block text-sm font-medium text-slate-800">Event</label>
          <Select id="audit-type" name="type" defaultValue={filter.type} className="mt-1.5">
            <option value="">All events</option>
            {AUDIT_EVENT_TYPES.map((t) => (
              <option key={t} value={t}>{auditLabel(t).label} ({t})</option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="audit-from" className="block text-sm font-medium text-slate-800">From</label>
          <Input id="audit-from" name="from" type="date" defaultValue={filter.from} className="mt-1.5" />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-sm font-medium text-slate-800">To</label>
          <Input id="audit-to" name="to" type="date" defaultValue={filter.to} className="mt-1.5" />
        </div>
        <div className="flex gap-3 sm:col-span-2 lg:col-span-5">
          <button type="submit" className={buttonClass("primary")}>Apply filters</button>
          {filtered && <Link href={base} className={buttonClass("ghost")}>Clear</Link>}
        </div>
      </form>

      {result.applied.accountNotFound && (
        <Alert tone="warning" className="mb-4">No account matches “{filter.account}” in this organization.</Alert>
      )}

      {result.items.length === 0 ? (
        <EmptyState title={filtered ? "No events match these filters" : "No events yet"}>
          {filtered ? "Widen the dates or clear a filter." : "Sign-ins and administrative changes will appear here."}
        </EmptyState>
      ) : (
        <div className="space-y-4">
          <Table caption="Audit events">
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Event</Th>
                <Th>Account</Th>
                <Th>App</Th>
                <Th>IP</Th>
                <Th>Details</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="audit-rows">
              {result.items.map((e) => {
                const { label, tone } = auditLabel(e.type);
                return (
                  <tr key={e.id} data-type={e.type}>
                    <Td className="text-slate-700"><Time value={e.at} /></Td>
                    <Td><Badge tone={tone}>{label}</Badge><div className="mt-1 font-mono text-xs text-slate-600">{e.type}</div></Td>
                    <Td>
                      {e.accountId ? (
                        <Link href={`/${ctx.org.code}/accounts/${e.accountId}`} className="text-indigo-700 hover:text-indigo-900">{e.accountEmail ?? e.accountId}</Link>
                      ) : <span className="text-slate-600">—</span>}
                    </Td>
                    <Td>{e.appName ?? <span className="text-slate-600">—</span>}</Td>
                    <Td className="font-mono text-xs">{e.ip ?? "—"}</Td>
                    <Td className="text-xs text-slate-700">
                      {describeDetail(e.detail).map((d) => <div key={d}>{d}</div>)}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <Pagination page={result.page} pageCount={result.pageCount} total={result.total} label="Audit log" hrefFor={hrefFor} />
        </div>
      )}
    </>
  );
}
