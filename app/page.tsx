// / — landing: type an org code, reach its sign-in page.
import type { Metadata } from "next";
import { AuthFrame } from "@/components/panel/auth-frame.tsx";
import { OrgCodeForm } from "./org-code-form.tsx";

export const metadata: Metadata = { title: "Sign in · Gatehouse" };

export default function LandingPage() {
  return (
    <AuthFrame title="Sign in to your organization" subtitle="Gatehouse control panel: settings, apps, accounts and sign-in activity.">
      <OrgCodeForm />
    </AuthFrame>
  );
}
