// The caller's IP: the TCP peer, unless the peer is a configured trusted proxy, in which case the
// right-most X-Forwarded-For entry that is not itself a trusted proxy.
import { getEnv } from "../env.ts";
import { ipInCidr } from "../apps/cidr.ts";
import { PEER_HEADER } from "./peer-address.ts";

export function normaliseIp(ip: string): string {
  const trimmed = ip.trim();
  return trimmed.startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice(7) : trimmed;
}

function isTrustedProxy(ip: string, trusted: string[]): boolean {
  return trusted.some((cidr) => {
    try {
      return ipInCidr(ip, cidr);
    } catch {
      return false;
    }
  });
}

export function resolveClientIp(headers: Headers, trustedProxies = getEnv().trustedProxies): string | null {
  const peerRaw = headers.get(PEER_HEADER);
  if (!peerRaw) return null;
  const peer = normaliseIp(peerRaw);
  if (!isTrustedProxy(peer, trustedProxies)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map(normaliseIp).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isTrustedProxy(hops[i], trustedProxies)) return hops[i];
  }
  return hops[0] ?? peer;
}

/** Whether the original request was HTTPS (for the Secure cookie attribute). */
export function isHttpsRequest(req: Request, trustedProxies = getEnv().trustedProxies): boolean {
  if (new URL(req.url).protocol === "https:") return true;
  const peer = req.headers.get(PEER_HEADER);
  if (peer && isTrustedProxy(normaliseIp(peer), trustedProxies)) {
    return (req.headers.get("x-forwarded-proto") ?? "").split(",")[0].trim() === "https";
  }
  return false;
}
