// Admin sections (settings, apps, accounts, audit): admins and developers only; members get 403
// (answered before streaming starts, so the HTTP status is a real 403).
import type { ReactNode } from "react";
import { requirePanelAdmin } from "@/lib/panel/session.ts";

export default async function AdminLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  await requirePanelAdmin(org);
  return children;
}
