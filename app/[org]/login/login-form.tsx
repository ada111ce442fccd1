"use client";
// The sign-in form. Step 1: email and password. When the server answers kNewLocation the same form
// gains a code field (focus moves to it) naming the phone ending the code went to; "Resend code"
// re-submits the credentials without a code, with a visible 60 s cool-down. Every fault has its own
// message (lib/panel/messages.ts). Typed input is never lost: react-hook-form keeps it across answers.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { signIn } from "next-auth/react";
import { decodeLoginError } from "@/lib/panel/login-error.ts";
import { describeLoginError, type LoginOutcome, type Tone } from "@/lib/panel/messages.ts";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Checkbox, Input } from "@/components/ui/input.tsx";
import { Field } from "@/components/ui/field.tsx";
import { forgetDeviceAction } from "./actions.ts";

const normaliseCode = (value: string) => value.replace(/[\s-]/g, "");

const CredentialsSchema = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(320, "That email is too long."),
  password: z.string().min(1, "Enter your password."),
  code: z.string().optional(),
  remember: z.boolean(),
});
const CodeSchema = CredentialsSchema.extend({
  code: z.string().transform(normaliseCode).pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from the text message.")),
});
type Values = z.input<typeof CredentialsSchema>;

type Step = "credentials" | "code";
type Busy = null | "signin" | "verify" | "resend";

interface Message {
  tone: Tone;
  title?: string;
  text: string;
}

function useCountdown() {
  const [until, setUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [until]);
  const remaining = until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
  const start = useCallback((seconds: number) => {
    setNow(Date.now());
    setUntil(seconds > 0 ? Date.now() + seconds * 1000 : null);
  }, []);
  return { remaining, start };
}

export function LoginForm({ orgCode, banner }: { orgCode: string; banner: Message | null }) {
  const [step, setStep] = useState<Step>("credentials");
  const [busy, setBusy] = useState<Busy>(null);
  const [message, setMessage] = useState<Message | null>(banner);
  const [phoneEnding, setPhoneEnding] = useState<string | undefined>();
  const [offerReset, setOfferReset] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const cooldown = useCountdown();
  const signedIn = useRef(false);

  const resolver = useMemo(() => zodResolver(step === "code" ? CodeSchema : CredentialsSchema), [step]);
  const { register, handleSubmit, setError, setFocus, setValue, getValues, trigger, clearErrors, formState: { errors } } = useForm<Values>({
    resolver: resolver as never,
    defaultValues: { email: "", password: "", code: "", remember: true },
    shouldFocusError: true,
    // Errors appear when a submission fails, not while someone is still typing a code.
    reValidateMode: "onSubmit",
  });

  // Focus moves to the code field whenever the code step appears or a code needs retyping.
  useEffect(() => {
    if (step === "code" && focusTick > 0) setFocus("code", { shouldSelect: true });
  }, [step, focusTick, setFocus]);

  const apply = (outcome: LoginOutcome) => {
    setMessage({ tone: outcome.tone, title: outcome.title, text: outcome.text });
    setOfferReset(!!outcome.offerDeviceReset);
    if (outcome.phoneEnding) setPhoneEnding(outcome.phoneEnding);
    if (outcome.cooldown !== undefined) cooldown.start(outcome.cooldown);
    if (outcome.step === "code") {
      setStep("code");
      setFocusTick((t) => t + 1);
    } else if (outcome.step === "credentials") {
      setStep("credentials");
      setValue("code", "");
    }
    for (const [name, text] of Object.entries(outcome.fields ?? {})) {
      setError(name as keyof Values, { type: "server", message: text });
    }
    if (outcome.step === "credentials" && outcome.fields?.password) setFocus("password", { shouldSelect: true });
  };

  const submit = async (mode: Exclude<Busy, null>) => {
    const values = getValues();
    setBusy(mode);
    clearErrors();
    try {
      const withCode = mode === "verify";
      const result = await signIn("credentials", {
        redirect: false,
        org: orgCode,
        email: values.email.trim(),
        password: values.password,
        ...(withCode ? { code: normaliseCode(values.code ?? ""), singleUse: String(!values.remember) } : {}),
      });
      if (result?.ok && !result.error) {
        signedIn.current = true;
        setMessage({ tone: "success", text: "Signed in. Opening the control panel…" });
        window.location.assign(`/${orgCode}`);
        return;
      }
      apply(describeLoginError(decodeLoginError(result?.error), { codeSubmitted: withCode }));
    } catch {
      setMessage({ tone: "error", title: "Could not reach the server", text: "Check your connection and try again." });
    } finally {
      if (!signedIn.current) setBusy(null);
    }
  };

  const onResend = async () => {
    if (!(await trigger(["email", "password"]))) return;
    await submit("resend");
  };

  const onResetDevice = async () => {
    setBusy("signin");
    await forgetDeviceAction();
    setOfferReset(false);
    await submit("signin");
  };

  const startOver = () => {
    setStep("credentials");
    setMessage(null);
    setOfferReset(false);
    setPhoneEnding(undefined);
    setValue("code", "");
    clearErrors();
    cooldown.start(0);
    setTimeout(() => setFocus("password"), 0);
  };

  const pending = busy !== null;

  return (
    <form
      noValidate
      onSubmit={handleSubmit(() => submit(step === "code" ? "verify" : "signin"))}
      className="space-y-5"
      aria-describedby="login-message"
      data-step={step}
    >
      <div id="login-message" aria-live="polite" aria-atomic="true">
        {message && (
          <Alert tone={message.tone} title={message.title} testId="login-message">
            {message.text}
          </Alert>
        )}
      </div>

      <Field id="email" label="Email" error={errors.email?.message}>
        <Input type="email" autoComplete="username" autoFocus readOnly={step === "code"} {...register("email", { onChange: () => errors.email && clearErrors("email") })} />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        <Input type="password" autoComplete="current-password" readOnly={step === "code"} {...register("password", { onChange: () => errors.password && clearErrors("password") })} />
      </Field>

      {step === "code" && (
        <div className="space-y-4 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200" data-testid="code-step">
          <Field
            id="code"
            label="Verification code"
            hint={phoneEnding ? `The 6-digit code we texted to the number ending in ${phoneEnding}.` : "The 6-digit code we texted to your mobile number."}
            error={errors.code?.message}
          >
            <Input
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={9}
              placeholder="123456"
              className="font-mono text-lg tracking-[0.3em]"
              {...register("code", { onChange: () => errors.code && clearErrors("code") })}
            />
          </Field>
          <Checkbox
            id="remember"
            label="Remember this device"
            description="Uncheck on a shared computer: the code then works for this sign-in only."
            {...register("remember")}
          />
          <div className="flex flex-wrap items-center justify-between gap-3">
            <Button variant="ghost" size="sm" onClick={onResend} disabled={pending || cooldown.remaining > 0} pending={busy === "resend"} data-testid="resend">
              {cooldown.remaining > 0 ? `Resend code in ${cooldown.remaining} s` : "Resend code"}
            </Button>
            <Button variant="ghost" size="sm" onClick={startOver} disabled={pending}>
              Use a different account
            </Button>
          </div>
        </div>
      )}

      {offerReset && (
        <Button variant="secondary" className="w-full" onClick={onResetDevice} disabled={pending} data-testid="reset-device">
          Verify this device again
        </Button>
      )}

      <Button type="submit" className="w-full" pending={busy === "signin" || busy === "verify"} disabled={pending}
        pendingLabel={step === "code" ? "Verifying…" : "Signing in…"}>
        {step === "code" ? "Verify and sign in" : "Sign in"}
      </Button>
    </form>
  );
}
