// How end-to-end tests read the codes the product "sent": from the fake Twilio server's control
// API, or from the development outbox file.
import { readFile } from "node:fs/promises";

export interface FakeSentMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  at: string;
}

export interface FailOptions {
  /** Twilio error code (default 21610, "Attempt to send to unsubscribed recipient"). */
  code?: number;
  /** HTTP status (default 400). */
  status?: number;
  message?: string;
}

const CODE = /\b(\d{6})\b/;

/** Client for scripts/fake-twilio.ts's /__fake/* endpoints. */
export class FakeTwilioClient {
  constructor(private readonly baseUrl: string) {}

  /** Accepted messages, oldest first; only those to `to` when given. */
  async messages(to?: string): Promise<FakeSentMessage[]> {
    const query = to ? `?to=${encodeURIComponent(to)}` : "";
    const { messages } = (await this.call("GET", `/__fake/messages${query}`)) as { messages: FakeSentMessage[] };
    return messages;
  }

  async clear(): Promise<void> {
    await this.call("DELETE", "/__fake/messages");
  }

  /** Future sends to `to` fail with a Twilio error ("*" fails every number). */
  async failFor(to: string, opts: FailOptions = {}): Promise<void> {
    await this.call("POST", "/__fake/fail", { to, ...opts });
  }

  async clearFailures(): Promise<void> {
    await this.call("DELETE", "/__fake/fail");
  }

  /**
   * Waits until a message with a 6-digit code arrives after the first `after` messages to `to`,
   * and returns the newest such code (after a resend, the newest code is the one that counts).
   * Messages without a code ("new sign-in" notices) are passed over. Pass `after` as the count
   * seen before the action that should send the code.
   */
  async waitForCode(to: string, { after = 0, timeoutMs = 5000 }: { after?: number; timeoutMs?: number } = {}): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const messages = await this.messages(to);
      const codes = messages.slice(after).map((m) => CODE.exec(m.body)?.[1]).filter((c): c is string => !!c);
      if (codes.length > 0) return codes[codes.length - 1];
      if (Date.now() >= deadline) {
        throw new Error(`No new SMS to ${to} within ${timeoutMs} ms (${messages.length} seen, waiting for more than ${after})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`fake-twilio ${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  }
}

/** The 6-digit codes sent to `to` through the outbox file, oldest first ([] when there is no file). */
export async function readOutboxCodes(file: string, to: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const codes: string[] = [];
  // Only complete lines: a send may be mid-append while we read.
  for (const line of text.slice(0, text.lastIndexOf("\n") + 1).split("\n")) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { to?: string; body?: string };
    const code = entry.to === to ? CODE.exec(entry.body ?? "")?.[1] : undefined;
    if (code) codes.push(code);
  }
  return codes;
}
