// Development transport: each message becomes one JSON line in a file (and, in development, on the
// console) so a developer or a test can read the code without a phone.
import { appendFile, mkdir } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { SmsMessage, SmsTransport } from "./index.ts";

export interface OutboxOptions {
  /** Print each message, code included. Only for development: never enable in production. */
  echo: boolean;
}

/** Appends `{"to","body","at"}` lines to `file`; the id is "outbox-<uuid>". */
export function createOutboxTransport(file: string, { echo }: OutboxOptions): SmsTransport {
  let ready: Promise<unknown> | null = null;

  return {
    async send({ to, body }: SmsMessage) {
      ready ??= mkdir(path.dirname(file), { recursive: true }).catch((e: unknown) => {
        ready = null; // let the next send retry instead of failing forever
        throw e;
      });
      await ready;
      // One appendFile per line: O_APPEND makes each small write land whole, so concurrent sends
      // never interleave within a line.
      const line = JSON.stringify({ to, body, at: new Date().toISOString() }) + "\n";
      await appendFile(file, line, "utf8");
      if (echo) console.log(`[sms outbox] to ${to.slice(0, 2)}…${to.slice(-2)}: ${body}`);
      return { id: `outbox-${randomUUID()}` };
    },
  };
}
