// SMS through the real Twilio client. In tests `apiBase` aims the same client at the fake Twilio
// server, so the request shape, auth and error parsing under test are Twilio's own.
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type { SmsMessage, SmsTransport } from "./index.ts";

export interface TwilioTransportConfig {
  accountSid: string;
  authToken: string;
  /** A sender number (E.164) or a Messaging Service SID ("MG…"). */
  from: string;
  /** e.g. "http://127.0.0.1:4010": replaces scheme, host and port of every Twilio API URL. */
  apiBase?: string;
  /** Per-request timeout; a login waits on this, so keep it well under the door's own limit. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Sends with `client.messages.create`; the id is the message SID ("SM…"). */
export function createTwilioTransport(config: TwilioTransportConfig): SmsTransport {
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const httpClient = config.apiBase
    ? new RebasedRequestClient(config.apiBase, { timeout })
    : new twilio.RequestClient({ timeout });
  const client = twilio(config.accountSid, config.authToken, { httpClient });
  const sender = config.from.startsWith("MG")
    ? { messagingServiceSid: config.from }
    : { from: config.from };

  return {
    async send({ to, body }: SmsMessage) {
      const message = await client.messages.create({ to, body, ...sender });
      return { id: message.sid };
    },
  };
}

// The library has no base-URL setting and `edge`/`region` cannot name localhost; its public
// `httpClient` option is the supported seam, so only the origin of each request is swapped.
class RebasedRequestClient extends twilio.RequestClient {
  private readonly origin: string;

  constructor(apiBase: string, opts: RequestClient.RequestClientOptions) {
    super(opts);
    this.origin = new URL(apiBase).origin;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri);
    const uri = new URL(original.pathname + original.search, this.origin).href;
    return super.request({ ...opts, uri });
  }
}
