// The one way the product sends SMS. The transport comes from the environment: Twilio when it is
// configured (in tests aimed at the fake Twilio server), else the outbox file for development.
import { getEnv } from "../env.ts";
import { faults } from "../faults.ts";
import { createOutboxTransport } from "./outbox.ts";
import { createTwilioTransport } from "./twilio.ts";

export interface SmsMessage {
  /** E.164 destination, e.g. "+15551234567". */
  to: string;
  body: string;
}

export type SmsTransport = {
  send(message: SmsMessage): Promise<{ id: string }>;
};

let transport: SmsTransport | null = null;

/** The env-selected transport, built once per process. */
export function getSmsTransport(): SmsTransport {
  if (transport) return transport;
  const env = getEnv();
  if (env.twilio) {
    transport = createTwilioTransport(env.twilio);
  } else {
    if (env.NODE_ENV === "production") {
      console.warn("[sms] Twilio is not configured: messages go to the outbox file", env.SMS_OUTBOX_FILE);
    }
    transport = createOutboxTransport(env.SMS_OUTBOX_FILE, { echo: env.NODE_ENV !== "production" });
  }
  return transport;
}

/**
 * Sends one SMS. Throws `faults.smsError()` when the transport fails; the log names only the
 * number's last two digits and the error's code/status, because the body holds a one-time code.
 */
export async function sendSms(message: SmsMessage): Promise<{ id: string }> {
  const sms = getSmsTransport(); // misconfiguration is not a send failure: let it surface as is
  try {
    return await sms.send(message);
  } catch (error) {
    console.error(`[sms] send to …${phoneEnding(message.to)} failed`, describeError(error));
    throw faults.smsError(); // no `cause`: the underlying error carries the request body
  }
}

/** The last two digits of a phone number ("77" for "+15551234577"), for logs and UI hints. */
export function phoneEnding(e164: string): string {
  return e164.replace(/\D/g, "").slice(-2);
}

// Only fields that cannot hold the message: Twilio's RestException (numeric code, HTTP status) or
// a network error (string code). Never the error itself, whose request config includes the body.
function describeError(error: unknown): { name: string; code?: string | number; status?: number } {
  if (typeof error !== "object" || error === null) return { name: typeof error };
  const e = error as { name?: unknown; code?: unknown; status?: unknown; response?: { status?: unknown } };
  const code = typeof e.code === "number" || typeof e.code === "string" ? e.code : undefined;
  const status = typeof e.status === "number" ? e.status : typeof e.response?.status === "number" ? e.response.status : undefined;
  // Twilio's RestException keeps name "Error"; its class name is the informative part.
  const name = typeof e.name === "string" && e.name !== "Error" ? e.name : error.constructor?.name || "Error";
  return { name, code, status };
}
