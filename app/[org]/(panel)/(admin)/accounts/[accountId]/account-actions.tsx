"use client";
// Account-level actions (unlock, end all sessions, revoke all devices) and the per-device revoke,
// each behind a confirmation, with the outcome announced.
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/panel/action-result.ts";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { ConfirmDialog } from "@/components/ui/confirm-dialog.tsx";

type Act = () => Promise<ActionResult<unknown>>;

function useOutcome() {
  const [outcome, setOutcome] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const report = (result: ActionResult<unknown> | void) => {
    if (!result) return;
    setOutcome(result.ok ? { tone: "success", text: result.message ?? "Done." } : { tone: "error", text: result.error });
  };
  return { outcome, report };
}

export function AccountActions({ email, locked, liveSessions, activeDevices, unlock, endSessions, revokeAll }: {
  email: string;
  locked: boolean;
  liveSessions: number;
  activeDevices: number;
  unlock: Act;
  endSessions: Act;
  revokeAll: Act;
}) {
  const { outcome, report } = useOutcome();
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" disabled={!locked} pending={pending} onClick={() => startTransition(async () => report(await unlock()))}>
          Unlock account
        </Button>
        <ConfirmDialog
          triggerLabel="End all sessions"
          title={`End every session of ${email}?`}
          confirmLabel="End sessions"
          pendingLabel="Ending…"
          onConfirm={endSessions}
          onDone={report}
          disabled={liveSessions === 0}
        >
          They are signed out everywhere on their next request. Their devices stay verified, so signing in again needs no code.
        </ConfirmDialog>
        <ConfirmDialog
          triggerLabel="Revoke all devices"
          title={`Revoke every device of ${email}?`}
          confirmLabel="Revoke all"
          pendingLabel="Revoking…"
          onConfirm={revokeAll}
          onDone={report}
          disabled={activeDevices === 0}
        >
          Every session ends now, and none of these devices can sign in again as they are: each must be verified again with a new code sent to
          the account’s mobile.
        </ConfirmDialog>
      </div>
      <div aria-live="polite">{outcome && <Alert tone={outcome.tone === "success" ? "success" : "error"} testId="account-outcome">{outcome.text}</Alert>}</div>
    </div>
  );
}

export function RevokeLocationButton({ name, revoke }: { name: string; revoke: Act }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <ConfirmDialog
        triggerLabel="Revoke"
        triggerAriaLabel={`Revoke ${name}`}
        title={`Revoke “${name}”?`}
        confirmLabel="Revoke device"
        pendingLabel="Revoking…"
        onConfirm={revoke}
        onDone={(result) => setError(result && !result.ok ? result.error : null)}
      >
        Its sessions end now, and it cannot sign in again as it is: it must be verified again with a new code sent to the account’s mobile.
      </ConfirmDialog>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
    </>
  );
}
