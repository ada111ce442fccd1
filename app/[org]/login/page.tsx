// /<org>/login — the panel's sign-in page (email and password, then a code for a new device).
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { loadPanelSession, requirePanelOrg } from "@/lib/panel/session.ts";
import { describeSessionEnd } from "@/lib/panel/messages.ts";
import { AuthFrame } from "@/components/panel/auth-frame.tsx";
import { LoginForm } from "./login-form.tsx";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ org: string }> }): Promise<Metadata> {
  const { org } = await params;
  return { title: `Sign in · ${org} · Gatehouse` };
}

export default async function LoginPage({ params, searchParams }: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org: orgCode } = await params;
  const { org } = await requirePanelOrg(orgCode);
  const session = await loadPanelSession(org.code);
  if (session.ok) redirect(`/${org.code}`);
  const reason = (await searchParams).reason;
  const banner = describeSessionEnd(typeof reason === "string" ? reason : undefined);

  return (
    <AuthFrame
      title={`Sign in to ${org.name}`}
      subtitle="Gatehouse control panel"
      footer={<>Not this organization? <Link href="/" className="font-medium text-indigo-700 hover:text-indigo-900">Choose another</Link></>}
    >
      <LoginForm orgCode={org.code} banner={banner} />
    </AuthFrame>
  );
}
