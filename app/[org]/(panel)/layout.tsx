// Every panel page: a live server-side session for this org, or the sign-in page.
import type { ReactNode } from "react";
import { requirePanelSession } from "@/lib/panel/session.ts";
import { PanelShell } from "@/components/panel/shell.tsx";
import { signOutAction } from "./actions.ts";

export default async function PanelLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org: orgCode } = await params;
  const ctx = await requirePanelSession(orgCode);
  return (
    <PanelShell
      org={{ code: ctx.org.code, name: ctx.org.name }}
      account={{ name: ctx.account.name, email: ctx.account.email, roles: ctx.account.roles }}
      canAdminister={ctx.canAdminister}
      signOut={signOutAction.bind(null, ctx.org.code)}
    >
      {children}
    </PanelShell>
  );
}
