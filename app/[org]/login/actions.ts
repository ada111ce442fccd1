"use server";
// Forget this browser's md.fingerprint cookie after a revoked or tampered device answer, so the next
// sign-in is a new location and must be verified with a code. The revoked location stays revoked.
import { forgetDeviceCookie } from "@/lib/panel/session.ts";

export async function forgetDeviceAction(): Promise<void> {
  await forgetDeviceCookie();
}
