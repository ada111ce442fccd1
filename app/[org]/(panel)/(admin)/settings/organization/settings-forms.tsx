"use client";
// The organization settings forms. Each card is its own react-hook-form with the shared zod schema
// (lib/orgs/settings-input.ts) and saves only its fields; the server parses again and answers field
// errors. Typed input is never lost: on any error the form keeps every value.
import { useState, useTransition, type ReactNode } from "react";
import { useForm, type FieldValues, type Path, type UseFormReturn } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import { BypassEntryInput, BYPASS_LIST_MAX, OrgSettingsFields, type OrgSettingsInput } from "@/lib/orgs/settings-input.ts";
import type { OrgSettingsView } from "@/lib/orgs/orgs.ts";
import type { ActionResult } from "@/lib/panel/action-result.ts";
import { Alert } from "@/components/ui/alert.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { Field } from "@/components/ui/field.tsx";
import { Checkbox, Input } from "@/components/ui/input.tsx";

type Save = (patch: OrgSettingsInput) => Promise<ActionResult<OrgSettingsView>>;

interface FormProps {
  settings: OrgSettingsView;
  save: Save;
}

type Status = { tone: "success" | "error"; text: string } | null;

/** Submit through the server action; apply field errors, or reset to what was saved. */
function useSave<T extends FieldValues>(form: UseFormReturn<T>, save: Save, pick: (view: OrgSettingsView) => T) {
  const [status, setStatus] = useState<Status>(null);
  const [pending, startTransition] = useTransition();
  const submit = (values: OrgSettingsInput, successText: string) =>
    startTransition(async () => {
      setStatus(null);
      const result = await save(values);
      if (result.ok && result.data) {
        form.reset(pick(result.data));
        setStatus({ tone: "success", text: successText });
        return;
      }
      if (!result.ok) {
        for (const [path, message] of Object.entries(result.fieldErrors ?? {})) {
          form.setError((path.split(".")[0] as Path<T>), { type: "server", message });
        }
        setStatus({ tone: "error", text: result.error });
      }
    });
  return { status, pending, submit };
}

function FormFooter({ dirty, pending, status, onDiscard }: { dirty: boolean; pending: boolean; status: Status; onDiscard: () => void }) {
  return (
    <>
      <div className="mr-auto" aria-live="polite">
        {status && (
          <span className={status.tone === "success" ? "text-sm font-medium text-green-800" : "text-sm font-medium text-red-700"} data-testid="form-status">
            {status.text}
          </span>
        )}
        {!status && dirty && <Badge tone="amber">Unsaved changes</Badge>}
      </div>
      <Button variant="ghost" onClick={onDiscard} disabled={!dirty || pending}>Discard</Button>
      <Button type="submit" pending={pending} pendingLabel="Saving…" disabled={!dirty}>Save</Button>
    </>
  );
}

function SettingsCard({ id, title, description, onSubmit, footer, children }: {
  id: string;
  title: string;
  description: ReactNode;
  onSubmit: (e: React.FormEvent<HTMLFormElement>) => void;
  footer: ReactNode;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <Card id={id} title={title} description={description} footer={footer}>
        <div className="space-y-5">{children}</div>
      </Card>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------

const GeneralSchema = OrgSettingsFields.pick({ name: true, registrationEnabled: true });
type GeneralValues = z.input<typeof GeneralSchema>;
const pickGeneral = (s: OrgSettingsView): GeneralValues => ({ name: s.name, registrationEnabled: s.registrationEnabled });

export function GeneralForm({ settings, save }: FormProps) {
  const form = useForm<GeneralValues, unknown, z.output<typeof GeneralSchema>>({ resolver: zodResolver(GeneralSchema), defaultValues: pickGeneral(settings) });
  const { status, pending, submit } = useSave(form, save, pickGeneral);
  const { register, formState: { errors, isDirty } } = form;
  return (
    <SettingsCard
      id="general"
      title="General"
      description="The organization's display name and whether people may create their own accounts."
      onSubmit={form.handleSubmit((v) => submit(v, "Saved."))}
      footer={<FormFooter dirty={isDirty} pending={pending} status={status} onDiscard={() => form.reset()} />}
    >
      <Field id="org-name" label="Display name" hint={`Shown on the sign-in page and in text messages. The org code "${settings.code}" cannot change.`} error={errors.name?.message}>
        <Input type="text" autoComplete="organization" {...register("name")} />
      </Field>
      <Checkbox
        id="registrationEnabled"
        label="Allow self-registration"
        description="Anyone can create an account through the API's register endpoint. The registering device is verified by that act."
        {...register("registrationEnabled")}
      />
    </SettingsCard>
  );
}

// ---------------------------------------------------------------------------------------------

const SecuritySchema = OrgSettingsFields.pick({ lockAttempts: true, lockDuration: true, simultaneousLogins: true, smsDailyBudget: true });
type SecurityValues = z.input<typeof SecuritySchema>;
const pickSecurity = (s: OrgSettingsView): SecurityValues => ({
  lockAttempts: s.lockAttempts, lockDuration: s.lockDuration, simultaneousLogins: s.simultaneousLogins, smsDailyBudget: s.smsDailyBudget,
});

export function SecurityForm({ settings, save }: FormProps) {
  const form = useForm<SecurityValues, unknown, z.output<typeof SecuritySchema>>({ resolver: zodResolver(SecuritySchema), defaultValues: pickSecurity(settings) });
  const { status, pending, submit } = useSave(form, save, pickSecurity);
  const { register, formState: { errors, isDirty } } = form;
  return (
    <SettingsCard
      id="security"
      title="Sign-in security"
      description="Password lockout, concurrent sessions and the text-message budget."
      onSubmit={form.handleSubmit((v) => submit(v, "Saved. The next sign-in uses these settings."))}
      footer={<FormFooter dirty={isDirty} pending={pending} status={status} onDiscard={() => form.reset()} />}
    >
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="lockAttempts" label="Lockout after wrong passwords" hint="Consecutive wrong passwords before the account locks. 0 never locks." error={errors.lockAttempts?.message}>
          <Input type="number" inputMode="numeric" min={0} max={1000} step={1} {...register("lockAttempts", { valueAsNumber: true })} />
        </Field>
        <Field id="lockDuration" label="Lockout duration (minutes)" hint="0 keeps the account locked until an administrator unlocks it." error={errors.lockDuration?.message}>
          <Input type="number" inputMode="numeric" min={0} max={525600} step={1} {...register("lockDuration", { valueAsNumber: true })} />
        </Field>
        <Field id="smsDailyBudget" label="Daily SMS budget" hint="Verification texts this organization may send per day (UTC): a ceiling against SMS pumping." error={errors.smsDailyBudget?.message}>
          <Input type="number" inputMode="numeric" min={0} max={1000000} step={1} {...register("smsDailyBudget", { valueAsNumber: true })} />
        </Field>
      </div>
      <Checkbox
        id="simultaneousLogins"
        label="Allow simultaneous logins"
        description="When off, signing in ends the account's other sessions (they are told they signed in elsewhere)."
        {...register("simultaneousLogins")}
      />
    </SettingsCard>
  );
}

// ---------------------------------------------------------------------------------------------

const BypassSchema = OrgSettingsFields.pick({ bypassEmails: true });
type BypassValues = z.input<typeof BypassSchema>;
const pickBypass = (s: OrgSettingsView): BypassValues => ({ bypassEmails: [...s.bypassEmails] });

export function BypassForm({ settings, save }: FormProps) {
  const form = useForm<BypassValues, unknown, z.output<typeof BypassSchema>>({ resolver: zodResolver(BypassSchema), defaultValues: pickBypass(settings) });
  const { status, pending, submit } = useSave(form, save, pickBypass);
  const [entry, setEntry] = useState("");
  const [entryError, setEntryError] = useState<string | null>(null);
  const list = form.watch("bypassEmails") ?? [];
  const { errors, isDirty } = form.formState;
  const listError = errors.bypassEmails?.message ?? errors.bypassEmails?.root?.message;

  const setList = (next: string[]) => form.setValue("bypassEmails", next, { shouldDirty: true, shouldValidate: false });

  const add = () => {
    const candidates = entry.split(/[\s,;]+/).filter(Boolean);
    if (candidates.length === 0) {
      setEntryError("Enter an email address, or * for everyone.");
      return;
    }
    const next = [...list];
    const problems: string[] = [];
    for (const raw of candidates) {
      const parsed = BypassEntryInput.safeParse(raw);
      if (!parsed.success) {
        problems.push(`“${raw}” is not an email address (or *).`);
        continue;
      }
      if (next.includes(parsed.data)) {
        problems.push(`${parsed.data === "*" ? "“*”" : parsed.data} is already on the list.`);
        continue;
      }
      next.push(parsed.data);
    }
    if (next.length > BYPASS_LIST_MAX) {
      setEntryError(`The list holds at most ${BYPASS_LIST_MAX} entries.`);
      return;
    }
    setList(next);
    setEntryError(problems.length ? problems.join(" ") : null);
    // Keep what could not be added in the box, so nothing typed is lost.
    setEntry(problems.length ? candidates.filter((c) => !next.includes(c.trim().toLowerCase())).join(", ") : "");
  };

  const remove = (email: string) => setList(list.filter((e) => e !== email));
  const everyone = list.includes("*");

  return (
    <SettingsCard
      id="bypass"
      title="Location Verification Bypass"
      description="People on this list sign in from new devices without a text-message code. Meant for developers who test on many devices and accounts."
      onSubmit={form.handleSubmit((v) => submit(v, "Saved. The next sign-in uses the new list."))}
      footer={<FormFooter dirty={isDirty} pending={pending} status={status} onDiscard={() => { form.reset(); setEntryError(null); }} />}
    >
      <div aria-live="polite" data-testid="bypass-warning">
        {everyone ? (
          <Alert tone="danger" title="Everyone bypasses location verification">
            With “*” on the list, nobody in this organization is asked for a code on a new device: a stolen password alone is
            enough to sign in from anywhere. Use this only for a development organization.
          </Alert>
        ) : list.length > 0 ? (
          <Alert tone="warning" title={`${list.length} ${list.length === 1 ? "person bypasses" : "people bypass"} location verification`}>
            Anyone who learns their password can sign in from a new device without a code. Keep this list short and remove people who
            no longer need it.
          </Alert>
        ) : null}
      </div>

      {list.length === 0 ? (
        <p className="rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200 ring-inset" data-testid="bypass-empty">
          No one bypasses verification: every new device is verified with a code.
        </p>
      ) : (
        <ul aria-label="Bypass list" className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200" data-testid="bypass-list">
          {list.map((email, i) => (
            <li key={email} className="flex items-center justify-between gap-3 px-4 py-2 text-sm">
              <span className="flex items-center gap-2">
                <span className="font-mono text-slate-900">{email}</span>
                {email === "*" && <Badge tone="red">everyone</Badge>}
                {errors.bypassEmails?.[i]?.message && <span className="text-red-700">{errors.bypassEmails[i]?.message}</span>}
              </span>
              <Button variant="ghost" size="sm" onClick={() => remove(email)} aria-label={`Remove ${email}`}>Remove</Button>
            </li>
          ))}
        </ul>
      )}
      {listError && <p className="text-sm font-medium text-red-700">{listError}</p>}

      <div className="flex flex-wrap items-start gap-3">
        <Field id="bypass-entry" className="min-w-64 flex-1" label="Add people" hint="Email addresses, separated by commas or spaces; “*” means everyone." error={entryError ?? undefined}>
          <Input
            type="text"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            value={entry}
            onChange={(e) => { setEntry(e.target.value); setEntryError(null); }}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add();
              }
            }}
          />
        </Field>
        <Button variant="secondary" className="mt-7" onClick={add}>Add</Button>
      </div>
    </SettingsCard>
  );
}
