// The words the sign-in page uses for every fault the core can answer, and for why a panel session
// ended. One human message per situation; never the raw code. No server imports (used in the form).
import type { PanelLoginError } from "./login-error.ts";

export type Tone = "error" | "info" | "warning" | "success";

export interface LoginOutcome {
  tone: Tone;
  title: string;
  text: string;
  /** Which step the form should show after this answer. */
  step: "credentials" | "code" | "keep";
  /** The last two digits of the phone a code went to, when the answer names them. */
  phoneEnding?: string;
  /** Seconds until a new code may be requested. */
  cooldown?: number;
  /** Offer to forget this browser's device cookie (revoked or tampered fingerprint). */
  offerDeviceReset?: boolean;
  /** Field errors from a validation fault. */
  fields?: Partial<Record<"email" | "password" | "code", string>>;
}

export const RESEND_COOLDOWN_SECONDS = 60;

export function phoneEndingFrom(reason: string | undefined): string | undefined {
  return reason ? /ending in (\d{2})\b/.exec(reason)?.[1] : undefined;
}

function sentTo(ending: string | undefined): string {
  return ending ? `your mobile number ending in ${ending}` : "the mobile number on your account";
}

export function describeLoginError(error: PanelLoginError, ctx: { codeSubmitted: boolean }): LoginOutcome {
  const ending = phoneEndingFrom(error.reason);
  switch (error.code) {
    case "kNewLocation":
      return {
        tone: "info", step: "code", phoneEnding: ending, cooldown: RESEND_COOLDOWN_SECONDS,
        title: "Verify this device",
        text: /new verification code was requested/i.test(error.reason ?? "")
          ? `We sent a new 6-digit code to ${sentTo(ending)}. The previous code no longer works.`
          : `This is the first sign-in from this device. We sent a 6-digit code to ${sentTo(ending)}.`,
      };
    case "kLocationClientMismatch":
      return {
        tone: "info", step: "code", phoneEnding: ending, cooldown: RESEND_COOLDOWN_SECONDS,
        title: "Verify this device again",
        text: `This device was verified through another app. We sent a 6-digit code to ${sentTo(ending)}.`,
      };
    case "kUnverifiedLocation":
      return {
        tone: "info", step: "code", cooldown: error.retryAfter,
        title: "A code is already on its way",
        text: `Enter the code we already sent${error.retryAfter ? `, or request a new one in ${error.retryAfter} s` : ""}.`,
      };
    case "kInvalidArgument":
      if (error.errCode === "cortex.invalidArgument.locationToken") {
        const left = /(\d+) tr(?:y|ies) left/.exec(error.reason ?? "")?.[1];
        if (/6 digits/.test(error.reason ?? "")) {
          return { tone: "error", step: "code", title: "Check the code", text: "A verification code is 6 digits.", fields: { code: "Enter the 6 digits from the text message." } };
        }
        if (/No verification code is pending/i.test(error.reason ?? "")) {
          return { tone: "error", step: "code", title: "No code is pending", text: "Request a new code, then enter it here." };
        }
        return {
          tone: "error", step: "code", title: "That code is not right",
          text: `Check the text message and try again.${left ? ` ${left} ${left === "1" ? "try" : "tries"} left for this code.` : ""}`,
          fields: { code: "Wrong code." },
        };
      }
      break;
    case "kExpired":
      if (error.errCode === "cortex.expired.locationToken") {
        return { tone: "error", step: "code", cooldown: 0, title: "This code has expired", text: "Codes are valid for 10 minutes. Request a new code and enter it here.", fields: { code: "Expired code." } };
      }
      break;
    case "kTooManyAttempts":
      return {
        tone: "error", step: "code", cooldown: /Sign in again/i.test(error.reason ?? "") ? 0 : error.retryAfter,
        title: "Too many wrong codes",
        text: /Sign in again|no longer works/i.test(error.reason ?? "")
          ? "This code was entered wrongly too many times and no longer works. Request a new code."
          : `Too many wrong codes were entered for this account. Try again${error.retryAfter ? ` in ${formatWait(error.retryAfter)}` : " later"}.`,
      };
    case "kTooManyRequests":
      return {
        tone: "error", step: "keep", cooldown: error.retryAfter,
        title: "Too many codes requested",
        text: /daily SMS budget/i.test(error.reason ?? "")
          ? "This organization has sent its daily allowance of verification texts. Try again tomorrow or contact your administrator."
          : `Too many codes were sent to this device. Try again${error.retryAfter ? ` in ${formatWait(error.retryAfter)}` : " later"}.`,
      };
    case "kLocationAlreadyVerified":
      return { tone: "info", step: "credentials", title: "This device is already verified", text: "Sign in with your email and password; no code is needed." };
    case "kLocationAccessRevoked":
      return {
        tone: "error", step: "credentials", offerDeviceReset: true,
        title: "Access from this device was revoked",
        text: "An administrator revoked this device. To use it again, verify it with a new code sent to your mobile.",
      };
    case "kInvalidFingerprint":
      return {
        tone: "error", step: "credentials", offerDeviceReset: true,
        title: "This browser's device cookie is invalid",
        text: "It was altered or damaged. Reset it to sign in; this device will then be verified with a code.",
      };
    case "kInvalidCredentials": {
      const locked = error.faults?.some((f) => f.code === "kAccountLocked");
      return locked
        ? { tone: "error", step: "credentials", title: "Account locked", text: "Too many wrong passwords: this account is now locked. Try again later or ask an administrator to unlock it." }
        : { tone: "error", step: "credentials", title: "Wrong email or password", text: "The email and password do not match an account in this organization.", fields: { password: "Check your password." } };
    }
    case "kAccountLocked":
      return { tone: "error", step: "credentials", title: "Account locked", text: "This account is locked after too many wrong passwords. Try again later or ask an administrator to unlock it." };
    case "kNotFound":
      if (error.path === "mobile" || error.errCode === "cortex.notFound.property") {
        return {
          tone: "error", step: "credentials", title: "No mobile number on this account",
          text: "New devices are verified by a text message, and this account has no mobile number. Ask an administrator to add one.",
        };
      }
      if (error.errCode === "cortex.notFound.org") {
        return { tone: "error", step: "credentials", title: "Unknown organization", text: "There is no organization with this code." };
      }
      break;
    case "kSmsError":
      return { tone: "error", step: "keep", cooldown: 0, title: "The text message could not be sent", text: "We could not send the verification code by SMS. Nothing was changed; try again in a moment." };
    case "kAccessDenied":
      if (error.errCode === "cortex.accessDenied.appDisabled") {
        return { tone: "error", step: "credentials", title: "Sign-in is disabled", text: "The control panel app of this organization is disabled." };
      }
      break;
    case "kValidationError": {
      const fields: LoginOutcome["fields"] = {};
      for (const f of error.faults ?? []) {
        if (f.path === "email") fields.email = f.message === "Required." ? "Enter your email." : f.message;
        else if (f.path === "password") fields.password = f.message === "Required." ? "Enter your password." : f.message;
        else if (f.path?.startsWith("location")) fields.code = f.message;
      }
      return { tone: "error", step: "keep", title: "Check the form", text: "Some fields need attention.", fields };
    }
    case "kUnavailable":
      return { tone: "error", step: "keep", title: "Service unavailable", text: "The service is temporarily unavailable. Try again in a moment." };
  }
  void ctx;
  return { tone: "error", step: "keep", title: "Something went wrong", text: "Sign-in failed unexpectedly. Try again in a moment." };
}

export function formatWait(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.ceil(seconds / 60)} minutes`;
  return `${Math.ceil(seconds / 3600)} hours`;
}

/** Banner on the sign-in page after the panel sent someone back to it (?reason=…). */
export function describeSessionEnd(reason: string | undefined): { tone: Tone; text: string } | null {
  switch (reason) {
    case "signedOut":
      return { tone: "success", text: "You signed out." };
    case "logout":
      return { tone: "info", text: "This session was signed out." };
    case "expired":
      return { tone: "info", text: "Your session expired after a period of inactivity. Sign in again." };
    case "loggedInElsewhere":
      return { tone: "warning", text: "You were signed out because this account signed in somewhere else." };
    case "locationRevoked":
      return { tone: "warning", text: "Your session ended: access from this device was revoked." };
    case "admin":
      return { tone: "warning", text: "An administrator ended your sessions. Sign in again." };
    case "passwordChanged":
      return { tone: "warning", text: "Your password was changed, which ended your sessions. Sign in again." };
    case "fingerprint":
      return { tone: "warning", text: "Your session belongs to another device. Sign in again." };
    case "csrf":
      return { tone: "warning", text: "Your session ended for security reasons. Sign in again." };
    default:
      return null;
  }
}
