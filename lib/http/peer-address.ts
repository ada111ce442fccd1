// See instrumentation.ts. Patches http.Server#emit once per process to record the socket's address.
import http from "node:http";

export const PEER_HEADER = "x-gatehouse-peer";
const INSTALLED = Symbol.for("gatehouse.peerAddressStamp");

export function installPeerAddressStamp(): void {
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & { emit: (...a: unknown[]) => boolean };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const originalEmit = proto.emit;
  proto.emit = function emitWithPeer(this: http.Server, event: unknown, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return originalEmit.call(this, event, ...args);
  };
}
