// /<org>/accounts/<id> — one account: details, its devices (locations) and admin actions.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePanelAdmin } from "@/lib/panel/session.ts";
import { getAccountDetail, type LocationRow } from "@/lib/accounts/admin.ts";
import { LOCKED_UNTIL_UNLOCKED } from "@/lib/auth/lockout.ts";
import { PageHeader } from "@/components/panel/shell.tsx";
import { Alert } from "@/components/ui/alert.tsx";
import { Badge, type BadgeTone } from "@/components/ui/badge.tsx";
import { Card } from "@/components/ui/card.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Table, Td, Th } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";
import { describeUserAgent } from "@/lib/panel/device-name.ts";
import { endSessionsAction, revokeAllLocationsAction, revokeLocationAction, unlockAction } from "./actions.ts";
import { AccountActions, RevokeLocationButton } from "./account-actions.tsx";

export const metadata: Metadata = { title: "Account · Gatehouse" };

const STATE_TONE: Record<LocationRow["state"], BadgeTone> = { verified: "green", unverified: "amber", revoked: "red" };
const VERIFIED_BY: Record<NonNullable<LocationRow["verifiedBy"]>, string> = { code: "Code", registration: "Registration", bypass: "Bypass" };

export default async function AccountPage({ params, searchParams }: {
  params: Promise<{ org: string; accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org, accountId } = await params;
  const ctx = await requirePanelAdmin(org);
  const detail = await getAccountDetail(ctx.org.id, accountId);
  if (!detail) notFound();
  const { account, locations } = detail;
  const code = ctx.org.code;
  const created = (await searchParams).created === "1";
  const activeDevices = locations.filter((l) => l.state !== "revoked").length;
  const fullName = [account.name.first, account.name.last].filter(Boolean).join(" ");
  const isSelf = account.id === ctx.account.id;

  return (
    <>
      <PageHeader
        title={account.email}
        description={fullName || undefined}
        back={{ href: `/${code}/accounts`, label: "Accounts" }}
      />
      {created && <Alert tone="success" className="mb-6">Account created. Its first sign-in from each device will be verified with a code.</Alert>}
      {isSelf && <Alert tone="info" className="mb-6">This is your own account: ending its sessions or revoking this device signs you out.</Alert>}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Details" className="lg:col-span-2">
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <Detail label="Roles">
              <span className="flex flex-wrap gap-1">{account.roles.length ? account.roles.map((r) => <Badge key={r} tone={r === "member" ? "neutral" : "indigo"}>{r}</Badge>) : "—"}</span>
            </Detail>
            <Detail label="State">
              <span className="flex flex-wrap gap-1">
                <Badge tone={account.state === "verified" ? "green" : "amber"}>{account.state}</Badge>
                {account.locked && <Badge tone="red">locked</Badge>}
              </span>
            </Detail>
            <Detail label="Mobile">{account.mobile ?? <span className="text-amber-900">None: new devices cannot be verified</span>}</Detail>
            <Detail label="Locked">
              {account.locked
                ? account.lockedUntil?.getTime() === LOCKED_UNTIL_UNLOCKED.getTime() ? "Until an administrator unlocks it" : <>Until <Time value={account.lockedUntil} /></>
                : `No (${detail.failedLogins} wrong ${detail.failedLogins === 1 ? "password" : "passwords"} in a row)`}
            </Detail>
            <Detail label="Last sign-in"><Time value={account.lastLoginAt} fallback="Never" /></Detail>
            <Detail label="Created"><Time value={account.createdAt} /></Detail>
            <Detail label="Live sessions"><span data-testid="live-sessions">{detail.liveSessions}</span></Detail>
            <Detail label="Account id"><code className="font-mono text-xs">{account.id}</code></Detail>
          </dl>
        </Card>
        <Card title="Actions">
          <AccountActions
            email={account.email}
            locked={account.locked}
            liveSessions={detail.liveSessions}
            activeDevices={activeDevices}
            unlock={unlockAction.bind(null, code, account.id)}
            endSessions={endSessionsAction.bind(null, code, account.id)}
            revokeAll={revokeAllLocationsAction.bind(null, code, account.id)}
          />
        </Card>
      </div>

      <h2 className="mt-10 mb-3 text-lg font-semibold text-slate-900">Devices</h2>
      <p className="mb-4 max-w-3xl text-sm text-slate-600">
        Each browser or app installation this account signed in from. A new device is verified with a code sent by text message, by
        registering from it, or skipped through the bypass list.
      </p>
      {locations.length === 0 ? (
        <EmptyState title="No devices yet">The account has not signed in from any device.</EmptyState>
      ) : (
        <Table caption="Devices of this account">
          <thead>
            <tr>
              <Th>Device</Th>
              <Th>App</Th>
              <Th>State</Th>
              <Th>Verified by</Th>
              <Th>Created</Th>
              <Th>Last sign-in</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {locations.map((l) => {
              const name = l.name ?? describeUserAgent(l.userAgent);
              return (
                <tr key={l.id} data-testid={`location-${l.id}`}>
                  <Td>
                    <div className="font-medium text-slate-900">{name}</div>
                    {l.userAgent && <div className="max-w-64 truncate text-xs text-slate-600" title={l.userAgent}>{l.userAgent}</div>}
                  </Td>
                  <Td>{l.appName ?? <span className="text-slate-600">Deleted app</span>}</Td>
                  <Td>
                    <Badge tone={STATE_TONE[l.state]}>{l.state}</Badge>
                    {l.revokedAt && <div className="mt-1 text-xs text-slate-600"><Time value={l.revokedAt} /></div>}
                  </Td>
                  <Td>{l.verifiedBy ? VERIFIED_BY[l.verifiedBy] : <span className="text-slate-600">—</span>}</Td>
                  <Td><Time value={l.createdAt} /></Td>
                  <Td>
                    <Time value={l.lastLoginAt} fallback="Never" />
                    {l.lastLoginIp && <div className="text-xs text-slate-600">{l.lastLoginIp}</div>}
                  </Td>
                  <Td className="text-right">
                    {l.state !== "revoked" && <RevokeLocationButton name={name} revoke={revokeLocationAction.bind(null, code, account.id, l.id)} />}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  );
}
