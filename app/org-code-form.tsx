"use client";
import { useActionState } from "react";
import { goToOrgAction, type OrgCodeState } from "./actions.ts";
import { Field } from "@/components/ui/field.tsx";
import { Input } from "@/components/ui/input.tsx";
import { SubmitButton } from "@/components/ui/submit-button.tsx";

export function OrgCodeForm() {
  const [state, action] = useActionState<OrgCodeState, FormData>(goToOrgAction, { code: "" });
  return (
    <form action={action} className="space-y-5" noValidate>
      <Field id="org" label="Organization code" hint="The short name in your organization's address, e.g. acme-health." error={state.error}>
        <Input name="org" type="text" autoComplete="organization" autoCapitalize="none" spellCheck={false} defaultValue={state.code} autoFocus required />
      </Field>
      <SubmitButton className="w-full" pendingLabel="Finding your organization…">Continue</SubmitButton>
    </form>
  );
}
