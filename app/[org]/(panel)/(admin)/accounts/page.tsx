// /<org>/accounts — search and list the org's accounts.
import type { Metadata } from "next";
import Link from "next/link";
import { requirePanelAdmin } from "@/lib/panel/session.ts";
import { searchAccounts } from "@/lib/accounts/admin.ts";
import { PageHeader } from "@/components/panel/shell.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import { buttonClass } from "@/components/ui/button.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Input } from "@/components/ui/input.tsx";
import { Pagination } from "@/components/ui/pagination.tsx";
import { Table, Td, Th } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";

export const metadata: Metadata = { title: "Accounts · Gatehouse" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AccountsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: SearchParams }) {
  const { org } = await params;
  const ctx = await requirePanelAdmin(org);
  const sp = await searchParams;
  const q = typeof sp.q === "string" ? sp.q : "";
  const page = Number(typeof sp.page === "string" ? sp.page : "1");
  const result = await searchAccounts(ctx.org.id, { query: q, page });
  const base = `/${ctx.org.code}/accounts`;
  const hrefFor = (p: number) => `${base}?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;

  return (
    <>
      <PageHeader
        title="Accounts"
        description="Everyone who can sign in to this organization, through the control panel or any app."
        actions={<Link href={`${base}/new`} className={buttonClass("primary")}>New account</Link>}
      />
      <form key={q} role="search" action={base} method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="account-search" className="block text-sm font-medium text-slate-800">Search accounts</label>
          <Input id="account-search" name="q" type="search" defaultValue={q} placeholder="Email or name" className="mt-1.5" />
        </div>
        <button type="submit" className={buttonClass("secondary")}>Search</button>
        {q && <Link href={base} className={buttonClass("ghost")}>Clear</Link>}
      </form>

      {result.items.length === 0 ? (
        <EmptyState
          title={q ? `No accounts match “${q}”` : "No accounts yet"}
          action={<Link href={`${base}/new`} className={buttonClass("secondary")}>Create an account</Link>}
        >
          {q ? "Try part of an email address or a name." : "Create the first account, or let people register if the organization allows it."}
        </EmptyState>
      ) : (
        <div className="space-y-4">
          <Table caption="Accounts">
            <thead>
              <tr>
                <Th>Account</Th>
                <Th>Roles</Th>
                <Th>State</Th>
                <Th>Last sign-in</Th>
                <Th>Created</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.items.map((a) => (
                <tr key={a.id}>
                  <Td>
                    <Link href={`${base}/${a.id}`} className="font-medium text-indigo-700 hover:text-indigo-900">{a.email}</Link>
                    <div className="text-xs text-slate-600">{[a.name.first, a.name.last].filter(Boolean).join(" ") || "No name"}</div>
                  </Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {a.roles.length ? a.roles.map((r) => <Badge key={r} tone={r === "member" ? "neutral" : "indigo"}>{r}</Badge>) : <span className="text-slate-600">—</span>}
                    </div>
                  </Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      <Badge tone={a.state === "verified" ? "green" : "amber"}>{a.state}</Badge>
                      {a.locked && <Badge tone="red">locked</Badge>}
                      {!a.mobile && <Badge tone="amber">no mobile</Badge>}
                    </div>
                  </Td>
                  <Td><Time value={a.lastLoginAt} fallback="Never" /></Td>
                  <Td><Time value={a.createdAt} /></Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination page={result.page} pageCount={result.pageCount} total={result.total} label="Accounts" hrefFor={hrefFor} />
        </div>
      )}
    </>
  );
}
