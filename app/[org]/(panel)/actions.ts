"use server";
// Sign out: end the core session (every server instance sees it at once) and drop the panel cookie.
import { redirect } from "next/navigation";
import { signOutPanel } from "@/lib/panel/session.ts";

export async function signOutAction(orgCode: string): Promise<void> {
  await signOutPanel(orgCode);
  redirect(`/${orgCode}/login?reason=signedOut`);
}
