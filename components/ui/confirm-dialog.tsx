"use client";
// A confirmation step for destructive actions, built on the native <dialog> (focus is trapped and
// Escape closes it). The confirm button runs a server action; errors stay visible in the dialog.
import { useId, useRef, useState, useTransition, type ReactNode } from "react";
import type { ActionResult } from "@/lib/panel/action-result.ts";
import { Alert } from "./alert.tsx";
import { Button, type ButtonVariant } from "./button.tsx";

export interface ConfirmDialogProps {
  triggerLabel: ReactNode;
  triggerVariant?: ButtonVariant;
  triggerSize?: "sm" | "md";
  triggerAriaLabel?: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  confirmVariant?: ButtonVariant;
  onConfirm: () => Promise<ActionResult<unknown> | void>;
  /** Called with the result after a successful confirmation (e.g. to show a one-time secret). */
  onDone?: (result: ActionResult<unknown> | void) => void;
  disabled?: boolean;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const open = () => {
    setError(null);
    dialog.current?.showModal();
  };
  const close = () => dialog.current?.close();
  const confirm = () =>
    startTransition(async () => {
      const result = await props.onConfirm();
      if (result && !result.ok) {
        setError(result.error);
        return;
      }
      close();
      props.onDone?.(result);
    });

  return (
    <>
      <Button variant={props.triggerVariant ?? "secondary"} size={props.triggerSize ?? "sm"} onClick={open} disabled={props.disabled} aria-label={props.triggerAriaLabel} aria-haspopup="dialog">
        {props.triggerLabel}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        className="m-auto w-full max-w-md rounded-lg bg-white p-0 shadow-xl backdrop:bg-slate-900/50"
        onClose={() => setError(null)}
      >
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">{props.title}</h2>
          <div id={bodyId} className="text-sm text-slate-700">{props.children}</div>
          {error && <Alert tone="error" live>{error}</Alert>}
        </div>
        <div className="flex justify-end gap-3 rounded-b-lg border-t border-slate-200 bg-slate-50 px-5 py-3">
          <Button variant="secondary" onClick={close} disabled={pending} autoFocus>
            Cancel
          </Button>
          <Button variant={props.confirmVariant ?? "danger"} onClick={confirm} pending={pending} pendingLabel={props.pendingLabel}>
            {props.confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
