"use client";
// Per-app actions: regenerate the secret (confirm; the old secret dies at once), enable/disable,
// delete (confirm). The built-in control-panel app offers none of the destructive ones.
import { useState, useTransition } from "react";
import type { AppView } from "@/lib/apps/apps.ts";
import type { ActionResult } from "@/lib/panel/action-result.ts";
import { Button } from "@/components/ui/button.tsx";
import { ConfirmDialog } from "@/components/ui/confirm-dialog.tsx";
import type { RevealedSecret } from "./actions.ts";
import { useRevealSecret } from "./secret-reveal.tsx";

export interface AppActionsProps {
  app: AppView;
  regenerate: () => Promise<ActionResult<RevealedSecret>>;
  setEnabled: (enabled: boolean) => Promise<ActionResult<AppView>>;
  remove: () => Promise<ActionResult<null>>;
}

export function AppActions({ app, regenerate, setEnabled, remove }: AppActionsProps) {
  const reveal = useRevealSecret();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (app.builtIn) {
    return <span className="text-xs text-slate-600">Built in: cannot be disabled or deleted</span>;
  }

  const toggle = () =>
    startTransition(async () => {
      setError(null);
      const result = await setEnabled(!app.enabled);
      if (!result.ok) setError(result.error);
    });

  return (
    <div>
      <div className="flex flex-wrap items-center justify-end gap-2 xl:flex-nowrap">
        <ConfirmDialog
          triggerLabel="Regenerate secret"
          triggerAriaLabel={`Regenerate secret of ${app.name}`}
          title={`Regenerate the secret of “${app.name}”?`}
          confirmLabel="Regenerate"
          pendingLabel="Regenerating…"
          onConfirm={regenerate}
          onDone={(result) => {
            if (result && result.ok && result.data) reveal({ ...(result.data as RevealedSecret), kind: "regenerated" });
          }}
        >
          The current secret stops working immediately: every integration that signs requests with it fails until it is given the new one.
        </ConfirmDialog>
        <Button variant="secondary" size="sm" onClick={toggle} pending={pending} aria-label={`${app.enabled ? "Disable" : "Enable"} ${app.name}`}>
          {app.enabled ? "Disable" : "Enable"}
        </Button>
        <ConfirmDialog
          triggerLabel="Delete"
          triggerAriaLabel={`Delete ${app.name}`}
          title={`Delete “${app.name}”?`}
          confirmLabel="Delete app"
          pendingLabel="Deleting…"
          onConfirm={remove}
        >
          Its key stops working and its sessions end immediately. This cannot be undone.
        </ConfirmDialog>
      </div>
      {error && <p role="alert" className="mt-2 text-right text-sm text-red-700">{error}</p>}
    </div>
  );
}
