// The control panel's frame: sidebar with the org and its sections, a top bar with the signed-in
// account and Sign out, and the page in <main>. Members see only the sections they may open.
import type { ReactNode } from "react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge.tsx";
import { SubmitButton } from "@/components/ui/submit-button.tsx";
import { NavLinks, type NavGroup } from "./nav-links.tsx";

const ICONS = {
  overview: "M2.25 12 11.2 3.04a1.13 1.13 0 0 1 1.6 0L21.75 12M4.5 9.75v10.13c0 .62.5 1.12 1.13 1.12H9.75v-4.88c0-.62.5-1.12 1.13-1.12h2.25c.62 0 1.12.5 1.12 1.12V21h4.13c.62 0 1.12-.5 1.12-1.12V9.75M8.25 21h8.25",
  accounts: "M15 19.13a9.38 9.38 0 0 0 2.63.37 9.34 9.34 0 0 0 4.12-.95 4.13 4.13 0 0 0-7.53-2.49M15 19.13v-.01c0-1.11-.29-2.16-.78-3.07M15 19.13v.1A12.32 12.32 0 0 1 8.62 21c-2.33 0-4.51-.65-6.37-1.77v-.11a6.38 6.38 0 0 1 11.96-3.07M12 6.38a3.38 3.38 0 1 1-6.75 0 3.38 3.38 0 0 1 6.75 0Zm8.25 2.25a2.63 2.63 0 1 1-5.25 0 2.63 2.63 0 0 1 5.25 0Z",
  audit: "M9 12h3.75M9 15h3.75M9 18h3.75m3 .75H18a2.25 2.25 0 0 0 2.25-2.25V6.11c0-1.13-.84-2.09-1.97-2.18a48.42 48.42 0 0 0-1.12-.08m-5.8 0a2.25 2.25 0 0 0-.1.63c0 .41.34.75.75.75h4.5a.75.75 0 0 0 .75-.75 2.25 2.25 0 0 0-.1-.63m-5.8 0A2.25 2.25 0 0 1 13.5 2.25H15c1.01 0 1.87.67 2.15 1.6m-5.8 0c-.38.02-.75.05-1.12.08C9.1 4.02 8.25 4.98 8.25 6.11V8.25m0 0H4.88c-.62 0-1.13.5-1.13 1.13v11.25c0 .62.5 1.12 1.13 1.12h9.75c.62 0 1.12-.5 1.12-1.12V9.38c0-.62-.5-1.13-1.12-1.13H8.25Z",
  organization: "M3.75 21h16.5M4.5 3h15M5.25 3v18m13.5-18v18M9 6.75h1.5m-1.5 3h1.5m-1.5 3h1.5m3-6H15m-1.5 3H15m-1.5 3H15M9 21v-3.38c0-.62.5-1.12 1.13-1.12h3.75c.62 0 1.12.5 1.12 1.12V21",
  apps: "M15.75 5.25a3 3 0 0 1 3 3m3 0a6 6 0 0 1-7.03 5.91c-.56-.1-1.16.03-1.56.43L10.5 17.25H8.25v2.25H6v2.25H2.25v-2.82c0-.6.24-1.17.66-1.59l6.16-6.16c.4-.4.52-1 .43-1.56A6 6 0 1 1 21.75 8.25Z",
};

export interface ShellProps {
  org: { code: string; name: string };
  account: { name: string; email: string; roles: string[] };
  canAdminister: boolean;
  signOut: () => Promise<void>;
  children: ReactNode;
}

export function PanelShell({ org, account, canAdminister, signOut, children }: ShellProps) {
  const base = `/${org.code}`;
  const groups: NavGroup[] = [
    {
      items: [
        { href: base, label: "Overview", icon: ICONS.overview },
        ...(canAdminister
          ? [
              { href: `${base}/accounts`, label: "Accounts", icon: ICONS.accounts, prefix: true },
              { href: `${base}/audit`, label: "Audit log", icon: ICONS.audit },
            ]
          : []),
      ],
    },
    ...(canAdminister
      ? [{
          label: "Settings",
          items: [
            { href: `${base}/settings/organization`, label: "Organization", icon: ICONS.organization },
            { href: `${base}/settings/apps`, label: "Apps", icon: ICONS.apps, prefix: true },
          ],
        }]
      : []),
  ];
  const role = account.roles.includes("admin") ? "admin" : account.roles.includes("developer") ? "developer" : "member";

  return (
    <div className="min-h-screen lg:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-indigo-700 focus:shadow">
        Skip to content
      </a>
      <aside className="bg-slate-900 text-white lg:w-64 lg:shrink-0">
        <div className="lg:sticky lg:top-0 lg:max-h-screen lg:overflow-y-auto">
          <div className="flex items-center gap-3 px-5 py-5">
            <Logo />
            <div className="min-w-0">
              <p className="truncate text-sm font-semibold" data-testid="org-name">{org.name}</p>
              <p className="truncate text-xs text-slate-400">{org.code}</p>
            </div>
          </div>
          <nav aria-label="Control panel" className="px-3 pb-6">
            <NavLinks groups={groups} />
          </nav>
        </div>
      </aside>
      <div className="flex min-h-screen min-w-0 flex-1 flex-col">
        <header className="flex flex-wrap items-center justify-end gap-4 border-b border-slate-200 bg-white px-6 py-3">
          <div className="text-right">
            <p className="text-sm font-medium text-slate-900" data-testid="signed-in-as">{account.name}</p>
            <p className="text-xs text-slate-600">{account.email}</p>
          </div>
          <Badge tone={role === "member" ? "neutral" : "indigo"}>{role}</Badge>
          <form action={signOut}>
            <SubmitButton variant="secondary" size="sm" pendingLabel="Signing out…">Sign out</SubmitButton>
          </form>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-6 py-8 focus:outline-none">
          {children}
        </main>
        <footer className="px-6 py-4 text-xs text-slate-600">
          Gatehouse control panel · {org.code}
        </footer>
      </div>
    </div>
  );
}

export function Logo({ className = "size-9" }: { className?: string }) {
  return (
    <span className={`${className} inline-flex shrink-0 items-center justify-center rounded-lg bg-indigo-600 text-white`} aria-hidden="true">
      <svg className="size-5" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
        <path strokeLinecap="round" strokeLinejoin="round" d="M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6l-8-3Z" />
        <path strokeLinecap="round" strokeLinejoin="round" d="m9 12 2 2 4-4" />
      </svg>
    </span>
  );
}

export function PageHeader({ title, description, actions, back }: { title: string; description?: ReactNode; actions?: ReactNode; back?: { href: string; label: string } }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        {back && (
          <Link href={back.href} className="mb-2 inline-block text-sm font-medium text-indigo-700 hover:text-indigo-900">
            ← {back.label}
          </Link>
        )}
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description && <p className="mt-1 max-w-3xl text-sm text-slate-600">{description}</p>}
      </div>
      {actions && <div className="flex items-center gap-3">{actions}</div>}
    </div>
  );
}
