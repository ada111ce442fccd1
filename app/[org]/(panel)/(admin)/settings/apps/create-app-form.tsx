"use client";
// Create a session or signature app. The server validates (field errors come back beside the
// fields, and every typed value stays); the new secret is revealed once above the list.
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { AUTH_DURATION_DEFAULT, AUTH_DURATION_MAX, AUTH_DURATION_MIN } from "@/lib/apps/constants.ts";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { Field } from "@/components/ui/field.tsx";
import { Checkbox, Input } from "@/components/ui/input.tsx";
import type { ActionResult } from "@/lib/panel/action-result.ts";
import type { CreateAppForm, RevealedSecret } from "./actions.ts";
import { useRevealSecret } from "./secret-reveal.tsx";

const DEFAULTS: CreateAppForm = {
  name: "", type: "session", csrf: true, authDuration: AUTH_DURATION_DEFAULT, expiresOn: "", principalOverride: false, fixedPrincipal: "",
};

export function CreateAppCard({ create }: { create: (form: CreateAppForm) => Promise<ActionResult<RevealedSecret>> }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const reveal = useRevealSecret();
  const form = useForm<CreateAppForm>({ defaultValues: DEFAULTS });
  const { register, handleSubmit, watch, setError: setFieldError, reset, formState: { errors } } = form;
  const type = watch("type");

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setError(null);
      const result = await create({ ...values, authDuration: Number(values.authDuration) });
      if (result.ok && result.data) {
        reveal({ ...result.data, kind: "created" });
        reset(DEFAULTS);
        setOpen(false);
        return;
      }
      if (!result.ok) {
        setError(result.error);
        for (const [path, message] of Object.entries(result.fieldErrors ?? {})) {
          if (path in DEFAULTS) setFieldError(path as keyof CreateAppForm, { type: "server", message }, { shouldFocus: true });
        }
      }
    }),
  );

  if (!open) {
    return (
      <div className="mb-6 flex justify-end">
        <Button onClick={() => setOpen(true)}>New app</Button>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mb-6" aria-labelledby="create-app-title">
      <Card
        id="create-app"
        title="New app"
        description="Each app has its own public key. Session apps sign people in with cookies; signature apps sign each request with the key and secret."
        footer={
          <>
            <Button variant="ghost" onClick={() => { setOpen(false); setError(null); }} disabled={pending}>Cancel</Button>
            <Button type="submit" pending={pending} pendingLabel="Creating…">Create app</Button>
          </>
        }
      >
        <div className="space-y-5">
          {error && <Alert tone="error" live>{error}</Alert>}
          <Field id="app-name" label="Name" error={errors.name?.message}>
            <Input type="text" autoComplete="off" autoFocus {...register("name", { required: "Name is required." })} />
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Type</legend>
            <div className="mt-2 grid gap-3 sm:grid-cols-2">
              {([
                ["session", "Session", "Cookie sessions for browsers and mobile apps; new devices are verified by SMS."],
                ["signature", "Signature", "Server-to-server: every request is signed with the key and secret."],
              ] as const).map(([value, label, text]) => (
                <label key={value} className="flex cursor-pointer gap-3 rounded-md p-3 ring-1 ring-slate-300 has-[:checked]:bg-indigo-50 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600">
                  <input type="radio" value={value} className="mt-1 accent-indigo-600" {...register("type")} />
                  <span className="text-sm">
                    <span className="block font-medium text-slate-900">{label}</span>
                    <span className="text-slate-600">{text}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>

          {type === "session" ? (
            <>
              <Checkbox id="app-csrf" label="Require a CSRF token" description="Clients must send Medable-Csrf-Token on every state-changing request." {...register("csrf")} />
              <Field id="app-authDuration" label="Session idle timeout (seconds)" hint={`Sessions end after this much inactivity (${AUTH_DURATION_MIN}–${AUTH_DURATION_MAX}). 900 is 15 minutes.`} error={errors.authDuration?.message}>
                <Input type="number" inputMode="numeric" min={AUTH_DURATION_MIN} max={AUTH_DURATION_MAX} step={1} {...register("authDuration", { valueAsNumber: true })} />
              </Field>
            </>
          ) : (
            <>
              <Checkbox id="app-principalOverride" label="Allow principal override" description="Requests may act as any account named in the Medable-Client-Account header." {...register("principalOverride")} />
              <Field id="app-fixedPrincipal" label="Fixed principal (optional)" hint="An account email or id the app's requests act as when no override is sent." error={errors.fixedPrincipal?.message}>
                <Input type="text" autoComplete="off" spellCheck={false} {...register("fixedPrincipal")} />
              </Field>
            </>
          )}
          <Field id="app-expiresOn" label="Expires (optional)" hint="The key stops working after the end of this day (UTC)." error={errors.expiresOn?.message}>
            <Input type="date" {...register("expiresOn")} />
          </Field>
        </div>
      </Card>
    </form>
  );
}
