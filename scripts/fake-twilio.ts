// A fake Twilio Messages API for tests and offline development. The product's real Twilio client
// talks to it (TWILIO_API_BASE); tests read what was "sent" and script failures through /__fake/*.
//
//   tsx scripts/fake-twilio.ts --port 4010 [--host 127.0.0.1] [--account-sid AC…] [--auth-token …]
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FAKE_TWILIO_ACCOUNT_SID = "AC00000000000000000000000000fa4e";
export const FAKE_TWILIO_AUTH_TOKEN = "fake-twilio-auth-token";

export interface FakeTwilioOptions {
  port: number;
  host?: string;
  accountSid?: string;
  authToken?: string;
}

export interface FakeTwilio {
  url: string;
  close(): Promise<void>;
}

export interface FakeMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  at: string;
}

interface TwilioError {
  status: number;
  code: number;
  message: string;
}

const E164 = /^\+[1-9]\d{1,14}$/;
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MAX_BODY_BYTES = 64 * 1024;

/** Starts the fake on `host` (default 127.0.0.1); port 0 picks a free port. */
export async function startFakeTwilio(options: FakeTwilioOptions): Promise<FakeTwilio> {
  const accountSid = options.accountSid ?? FAKE_TWILIO_ACCOUNT_SID;
  const authToken = options.authToken ?? FAKE_TWILIO_AUTH_TOKEN;
  const host = options.host ?? "127.0.0.1";
  const messages: FakeMessage[] = [];
  const failures = new Map<string, TwilioError>(); // "*" fails every number

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const route = `${req.method} ${url.pathname}`;

    if (route === "GET /__fake/health") return sendJson(res, 200, { ok: true });
    if (route === "GET /__fake/messages") {
      const to = normalizeQueryNumber(url.searchParams.get("to"));
      return sendJson(res, 200, { messages: to ? messages.filter((m) => m.to === to) : messages });
    }
    if (route === "DELETE /__fake/messages") {
      messages.length = 0;
      return sendJson(res, 200, { ok: true });
    }
    if (route === "POST /__fake/fail") {
      const input = parseJson(await readBody(req)) as { to?: unknown; code?: unknown; status?: unknown; message?: unknown } | null;
      if (!input || typeof input.to !== "string" || !input.to) {
        return sendJson(res, 400, { error: 'Expected JSON {"to": "+1555…", "code"?, "status"?, "message"?}' });
      }
      const code = typeof input.code === "number" ? input.code : 21610;
      failures.set(input.to, {
        code,
        status: typeof input.status === "number" ? input.status : 400,
        message:
          typeof input.message === "string"
            ? input.message
            : code === 21610
              ? "Attempt to send to unsubscribed recipient"
              : `Simulated Twilio error ${code}`,
      });
      return sendJson(res, 200, { ok: true });
    }
    if (route === "DELETE /__fake/fail") {
      failures.clear();
      return sendJson(res, 200, { ok: true });
    }

    const match = MESSAGES_PATH.exec(url.pathname);
    if (match && req.method === "POST") return createMessage(req, res, decodeURIComponent(match[1]));
    return sendTwilioError(res, { status: 404, code: 20404, message: `The requested resource ${url.pathname} was not found` });
  }

  async function createMessage(req: IncomingMessage, res: ServerResponse, pathSid: string): Promise<void> {
    const credentials = parseBasicAuth(req.headers.authorization);
    if (!credentials || !safeEqual(credentials.user, accountSid) || !safeEqual(credentials.password, authToken)) {
      return sendTwilioError(res, { status: 401, code: 20003, message: "Authenticate" });
    }
    if (pathSid !== accountSid) {
      return sendTwilioError(res, { status: 404, code: 20404, message: `The requested resource ${req.url} was not found` });
    }

    const form = new URLSearchParams(await readBody(req));
    const to = form.get("To") ?? "";
    const from = form.get("From") ?? "";
    const messagingServiceSid = form.get("MessagingServiceSid");
    const body = form.get("Body") ?? "";
    if (!to) return sendTwilioError(res, { status: 400, code: 21604, message: "A 'To' phone number is required." });
    if (!E164.test(to)) {
      return sendTwilioError(res, { status: 400, code: 21211, message: `The 'To' number ${to} is not a valid phone number.` });
    }
    if (!from && !messagingServiceSid) {
      return sendTwilioError(res, { status: 400, code: 21603, message: "A 'From' phone number is required." });
    }
    if (!body) return sendTwilioError(res, { status: 400, code: 21602, message: "Message body is required." });
    const failure = failures.get(to) ?? failures.get("*");
    if (failure) return sendTwilioError(res, failure);

    const now = new Date();
    const sid = "SM" + randomBytes(16).toString("hex");
    messages.push({ sid, to, from: from || messagingServiceSid || "", body, at: now.toISOString() });
    sendJson(res, 201, toMessageInstance({ sid, accountSid, to, from, messagingServiceSid, body, now }));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendTwilioError(res, { status: 500, code: 20500, message: String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // clients keep sockets alive; don't wait for them to time out
      }),
  };
}

// The fields Twilio's 2010-04-01 API returns for a new outbound message.
function toMessageInstance(m: {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  messagingServiceSid: string | null;
  body: string;
  now: Date;
}) {
  const date = m.now.toUTCString().replace("GMT", "+0000");
  const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
  return {
    account_sid: m.accountSid,
    api_version: "2010-04-01",
    body: m.body,
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: "outbound-api",
    error_code: null,
    error_message: null,
    from: m.from || null,
    messaging_service_sid: m.messagingServiceSid,
    num_media: "0",
    num_segments: String(Math.max(1, Math.ceil(m.body.length / 153))),
    price: null,
    price_unit: "USD",
    sid: m.sid,
    status: m.messagingServiceSid && !m.from ? "accepted" : "queued",
    subresource_uris: { media: uri.replace(".json", "/Media.json") },
    to: m.to,
    uri,
  };
}

function sendTwilioError(res: ServerResponse, e: TwilioError): void {
  sendJson(res, e.status, {
    code: e.code,
    message: e.message,
    more_info: `https://www.twilio.com/docs/errors/${e.code}`,
    status: e.status,
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function parseBasicAuth(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

// In a query string an unencoded "+" arrives as a space: accept "?to=+1555…" as typed.
function normalizeQueryNumber(value: string | null): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  return /^\d/.test(trimmed) ? `+${trimmed}` : trimmed;
}

function readFlag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const port = Number(readFlag(args, "port") ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port ${readFlag(args, "port")}`);
  const fake = await startFakeTwilio({
    port,
    host: readFlag(args, "host"),
    accountSid: readFlag(args, "account-sid"),
    authToken: readFlag(args, "auth-token"),
  });
  console.log(`fake-twilio listening on ${fake.url}`);

  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    fake.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`fake-twilio: error while stopping on ${signal}`, error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
