"use client";
// The new-account form: the shared account input rules run here and again on the server.
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { ACCOUNT_ROLES, EmailInput, MobileInput, PasswordInput } from "@/lib/accounts/account-input.ts";
import type { ActionResult } from "@/lib/panel/action-result.ts";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { Field } from "@/components/ui/field.tsx";
import { Checkbox, Input } from "@/components/ui/input.tsx";

const NamePart = z.string().trim().max(100, "At most 100 characters.");
const Schema = z.object({
  email: EmailInput,
  password: PasswordInput,
  mobile: z.union([z.literal(""), MobileInput]),
  first: NamePart,
  last: NamePart,
  roles: z.array(z.enum(ACCOUNT_ROLES)),
});
type Values = z.input<typeof Schema>;

const ROLE_TEXT: Record<(typeof ACCOUNT_ROLES)[number], string> = {
  admin: "Administers the organization: settings, apps, accounts and the audit log.",
  developer: "Same panel access as an admin; typically on the bypass list while testing.",
  member: "Signs in to the organization's apps; no control-panel administration.",
};

type Role = (typeof ACCOUNT_ROLES)[number];
type Create = (input: { email: string; password: string; mobile: string | null; name: { first: string; last: string }; roles: Role[] }) => Promise<ActionResult<null>>;

export function CreateAccountForm({ create }: { create: Create }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, setError: setFieldError, formState: { errors } } = useForm<Values, unknown, z.output<typeof Schema>>({
    resolver: zodResolver(Schema),
    defaultValues: { email: "", password: "", mobile: "", first: "", last: "", roles: ["member"] },
  });

  const onSubmit = handleSubmit((v) =>
    startTransition(async () => {
      setError(null);
      const result = await create({ email: v.email, password: v.password, mobile: v.mobile || null, name: { first: v.first, last: v.last }, roles: v.roles });
      if (result && !result.ok) {
        setError(result.error);
        for (const [path, message] of Object.entries(result.fieldErrors ?? {})) {
          const field = path.startsWith("name.") ? (path.slice(5) as "first" | "last") : (path.split(".")[0] as keyof Values);
          setFieldError(field, { type: "server", message }, { shouldFocus: true });
        }
      }
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl" aria-labelledby="new-account-title">
      <Card
        id="new-account"
        title="Account details"
        footer={<Button type="submit" pending={pending} pendingLabel="Creating…">Create account</Button>}
      >
        <div className="space-y-5">
          {error && <Alert tone="error" live>{error}</Alert>}
          <div className="grid gap-5 sm:grid-cols-2">
            <Field id="first" label="First name" error={errors.first?.message}>
              <Input type="text" autoComplete="off" {...register("first")} />
            </Field>
            <Field id="last" label="Last name" error={errors.last?.message}>
              <Input type="text" autoComplete="off" {...register("last")} />
            </Field>
          </div>
          <Field id="email" label="Email" error={errors.email?.message}>
            <Input type="email" autoComplete="off" {...register("email")} />
          </Field>
          <Field id="mobile" label="Mobile number" hint="E.164, e.g. +15555550100. Without one, the account cannot verify new devices." error={errors.mobile?.message}>
            <Input type="tel" autoComplete="off" {...register("mobile")} />
          </Field>
          <Field id="password" label="Initial password" hint="At least 8 characters. Share it with the person through a separate channel." error={errors.password?.message}>
            <Input type="password" autoComplete="new-password" {...register("password")} />
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Roles</legend>
            <div className="mt-2 space-y-3">
              {ACCOUNT_ROLES.map((role) => (
                <Checkbox key={role} id={`role-${role}`} value={role} label={role} description={ROLE_TEXT[role]} {...register("roles")} />
              ))}
            </div>
            {errors.roles?.message && <p className="mt-2 text-sm font-medium text-red-700">{errors.roles.message}</p>}
          </fieldset>
        </div>
      </Card>
    </form>
  );
}
