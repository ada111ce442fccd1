// The texts we send by SMS. Kept in one place so wording (and the code's position first, which
// lets phones offer autofill) stays consistent across login, resend and notices.

export interface VerificationSmsOptions {
  /** Minutes until the code expires (the verification module's TTL). */
  expiresInMinutes?: number;
  /** Host of the page that will read the code, e.g. "acme.example.com": adds the WebOTP last line. */
  webOtpHost?: string;
}

/** "<code> is your <org> verification code. It expires in 10 minutes. Do not share it." */
export function composeVerificationSms(
  code: string,
  orgName: string,
  { expiresInMinutes = 10, webOtpHost }: VerificationSmsOptions = {},
): string {
  const text =
    `${code} is your ${cleanName(orgName)} verification code. ` +
    `It expires in ${expiresInMinutes} minutes. Do not share it.`;
  // WebOTP wants "@host #code" alone on the last line, after a blank line.
  return webOtpHost ? `${text}\n\n@${webOtpHost} #${code}` : text;
}

/** "New sign-in to your <org> account[ from <location>]. If this wasn't you, …" */
export function composeNewSignInNotice(orgName: string, locationName?: string): string {
  const where = locationName?.trim() ? ` from ${cleanName(locationName)}` : "";
  return (
    `New sign-in to your ${cleanName(orgName)} account${where}. ` +
    `If this wasn't you, contact your administrator.`
  );
}

// Names are admin- or client-supplied: flatten line breaks and control characters so a name cannot
// forge extra lines (such as a WebOTP line for another host) and cap the length of one segment.
function cleanName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim().slice(0, 60);
}
