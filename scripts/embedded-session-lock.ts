// PGlite is ONE PostgreSQL session. pglite-socket 0.1.3 multiplexes client connections onto it
// message by message and keeps only open transactions together; nothing stops a second client's
// Parse/Bind from landing between another client's Parse…Sync, where they would share the unnamed
// statement (STACK-NOTES.md saw lost rows with several connections). We could not reproduce that
// with the stock queue (scripts/embedded-db.test.ts passes either way), so this is a defence, not
// a fix: one connection owns the session from its first message until its protocol cycle ends
// (Sync, simple Query, Terminate, startup) with no transaction open. It is what lets several
// processes (the app, the CLI, test fixtures) share the embedded database safely.
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { PGlite } from "@electric-sql/pglite";

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
  onData: (data: Uint8Array) => void;
}

interface QueueInternals {
  db: PGlite;
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue: () => Promise<void>;
  clearQueueForHandler: (handlerId: number) => void;
  clearTransactionIfNeeded: (handlerId: number) => Promise<void>;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const PASSWORD = 0x70; // 'p'
const STARTUP = 0x00; // startup and SSL requests begin with a length, whose first byte is 0

function endsCycle(message: Uint8Array): boolean {
  const type = message[0];
  return type === SYNC || type === QUERY || type === TERMINATE || type === PASSWORD || type === STARTUP;
}

export function lockSessionPerConnection(server: PGLiteSocketServer): void {
  const q = (server as unknown as { queryQueue: QueueInternals }).queryQueue;
  let owner: number | null = null;

  q.processQueue = async function processQueue() {
    if (q.processing || q.queue.length === 0) return;
    q.processing = true;
    try {
      while (q.queue.length > 0) {
        const index = owner === null ? 0 : q.queue.findIndex((m) => m.handlerId === owner);
        if (index === -1) break; // wait for the owning connection's next message
        const [item] = q.queue.splice(index, 1);
        let bytes = 0;
        try {
          await q.db.runExclusive(() =>
            q.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          owner = null;
          item.reject(error);
          continue;
        }
        q.lastHandlerId = item.handlerId;
        owner = q.db.isInTransaction() || !endsCycle(item.message) ? item.handlerId : null;
        item.resolve(bytes);
      }
    } finally {
      q.processing = false;
    }
  };

  const clearTransaction = q.clearTransactionIfNeeded.bind(q);
  q.clearTransactionIfNeeded = async (handlerId: number) => {
    if (owner === handlerId) {
      owner = null;
      if (q.db.isInTransaction()) await q.db.exec("ROLLBACK");
      await q.processQueue();
      return;
    }
    await clearTransaction(handlerId);
  };
}
