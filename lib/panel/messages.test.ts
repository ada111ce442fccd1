// The sign-in page's words for every fault: each situation gets its own human message.
import { describe, expect, it } from "vitest";
import { Fault, faults } from "../faults.ts";
import { decodeLoginError, encodeLoginError } from "./login-error.ts";
import { describeLoginError, describeSessionEnd, phoneEndingFrom } from "./messages.ts";

const roundTrip = (fault: Fault) => describeLoginError(decodeLoginError(encodeLoginError(fault)), { codeSubmitted: true });

describe("sign-in fault messages", () => {
  it("carries a fault through next-auth's error string", () => {
    const fault = faults.unverifiedLocation({ reason: "wait", headers: { "Retry-After": "42" } });
    expect(decodeLoginError(encodeLoginError(fault))).toEqual({ code: "kUnverifiedLocation", errCode: "cortex.accessDenied.unverifiedLocation", reason: "wait", retryAfter: 42 });
    expect(decodeLoginError("CredentialsSignin").code).toBe("kError");
    expect(decodeLoginError(undefined).code).toBe("kError");
  });

  it("names the phone ending for a new location and starts the code step with a cool-down", () => {
    const outcome = roundTrip(faults.newLocation({ reason: "Sign-in from a new location (device). A verification code was sent by SMS to the mobile number ending in 77." }));
    expect(outcome).toMatchObject({ step: "code", phoneEnding: "77", cooldown: 60, tone: "info" });
    expect(outcome.text).toContain("ending in 77");
    expect(phoneEndingFrom("no digits here")).toBeUndefined();
  });

  it("gives every fault a distinct message", () => {
    const cases: Fault[] = [
      faults.newLocation(),
      faults.unverifiedLocation({ headers: { "Retry-After": "30" } }),
      faults.invalidLocationToken({ reason: "Wrong code. 4 tries left for this code." }),
      faults.expiredLocationToken(),
      faults.tooManyCodeAttempts({ reason: "Too many wrong tries: this code no longer works. Sign in again to get a new one." }),
      faults.tooManyCodeAttempts({ reason: "Too many wrong verification codes for this account. Try again later.", headers: { "Retry-After": "600" } }),
      faults.tooManyCodesSent({ reason: "The organization's daily SMS budget is spent." }),
      faults.tooManyCodesSent({ reason: "Too many verification codes were sent to this location in the last hour." }),
      faults.locationAccessRevoked(),
      faults.locationClientMismatch(),
      faults.invalidFingerprint(),
      faults.invalidCredentials(),
      faults.invalidCredentials({ faults: [faults.accountLocked()] }),
      faults.accountLocked(),
      faults.noMobile({ path: "mobile" }),
      faults.smsError(),
      faults.locationAlreadyVerified(),
      faults.unavailable(),
    ];
    const texts = cases.map((f) => `${roundTrip(f).title}: ${roundTrip(f).text}`);
    expect(new Set(texts).size).toBe(cases.length);
    for (const text of texts) expect(text).not.toMatch(/\bk[A-Z]\w+|cortex\./);
    expect(roundTrip(faults.locationAccessRevoked()).offerDeviceReset).toBe(true);
    expect(roundTrip(faults.invalidLocationToken({ reason: "Wrong code. 1 try left for this code." })).text).toContain("1 try left");
  });

  it("explains why a panel session ended", () => {
    for (const reason of ["signedOut", "logout", "expired", "loggedInElsewhere", "locationRevoked", "admin", "passwordChanged", "fingerprint"]) {
      expect(describeSessionEnd(reason)?.text).toBeTruthy();
    }
    expect(describeSessionEnd("<script>")).toBeNull();
  });
});
