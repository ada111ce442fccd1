// CIDR parsing and matching for app IP allow-lists. Written by hand (no dependency) because the
// rules are small but easy to get subtly wrong: IPv4, IPv6 (with "::" and embedded IPv4), and
// IPv4-mapped IPv6 (::ffff:1.2.3.4), which is how a dual-stack server reports IPv4 clients.
import { isIPv4, isIPv6 } from "node:net";

export type IpFamily = 4 | 6;

export interface ParsedIp {
  family: IpFamily;
  /** 4 bytes for IPv4, 16 for IPv6. */
  bytes: Uint8Array;
}

export interface Cidr extends ParsedIp {
  prefix: number;
  /** Normalised text: network address (host bits cleared) + "/" + prefix. */
  canonical: string;
}

/** Parse a literal IPv4 or IPv6 address; null if it is not one. A zone id ("%eth0") is ignored. */
export function parseIp(input: string): ParsedIp | null {
  const text = input.trim().replace(/%[\w.~-]+$/, "");
  if (isIPv4(text)) return { family: 4, bytes: Uint8Array.from(text.split(".").map(Number)) };
  if (isIPv6(text)) return { family: 6, bytes: parseIpv6Bytes(text) };
  return null;
}

// node:net has already validated the text; this only converts it to 16 bytes.
function parseIpv6Bytes(text: string): Uint8Array {
  let groups: number[] = [];
  let tail = text;
  // A trailing dotted quad stands for the last two 16-bit groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let v4Groups: number[] = [];
  if (dotted) {
    const o = dotted[1].split(".").map(Number);
    v4Groups = [(o[0] << 8) | o[1], (o[2] << 8) | o[3]];
    tail = text.slice(0, -dotted[1].length);
    if (tail.endsWith(":") && !tail.endsWith("::")) tail = tail.slice(0, -1);
  }
  const toGroups = (s: string) => (s === "" ? [] : s.split(":").map((g) => parseInt(g, 16)));
  const gap = tail.indexOf("::");
  if (gap >= 0) {
    const head = toGroups(tail.slice(0, gap));
    const rest = [...toGroups(tail.slice(gap + 2)), ...v4Groups];
    groups = [...head, ...new Array(8 - head.length - rest.length).fill(0), ...rest];
  } else {
    groups = [...toGroups(tail), ...v4Groups];
  }
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function isIpv4Mapped(bytes: Uint8Array): boolean {
  return bytes.length === 16 && MAPPED_PREFIX.every((b, i) => bytes[i] === b);
}

/** Text form: dotted quad, or RFC 5952 IPv6 (lower-case, longest zero run as "::"). */
export function formatIp(ip: ParsedIp): string {
  const b = ip.bytes;
  if (ip.family === 4) return Array.from(b).join(".");
  if (isIpv4Mapped(b)) return `::ffff:${Array.from(b.slice(12)).join(".")}`;
  const groups = Array.from({ length: 8 }, (_, i) => (b[i * 2] << 8) | b[i * 2 + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(":"); // RFC 5952: a single zero group is not compressed
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

function maskBytes(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    out[i] = bytes[i] & ((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

/**
 * Parse "a.b.c.d/n" or "x:y::z/n"; a bare address means a single host (/32 or /128). Host bits
 * are cleared, so "10.1.2.3/8" becomes 10.0.0.0/8 — the block the admin evidently meant.
 * Returns null when the text is not a valid CIDR.
 */
export function parseCidr(input: string): Cidr | null {
  const text = input.trim();
  const slash = text.indexOf("/");
  const addressText = slash >= 0 ? text.slice(0, slash) : text;
  if (addressText.includes("%")) return null; // zone ids make no sense in an allow-list
  const ip = parseIp(addressText);
  if (!ip) return null;
  const maxPrefix = ip.family === 4 ? 32 : 128;
  let prefix = maxPrefix;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText)) return null;
    prefix = Number(prefixText);
    if (prefix > maxPrefix) return null;
  }
  const bytes = maskBytes(ip.bytes, prefix);
  return { family: ip.family, bytes, prefix, canonical: `${formatIp({ family: ip.family, bytes })}/${prefix}` };
}

/** Express an address in the family of the block it is compared with, via IPv4-mapped IPv6. */
function toFamily(ip: ParsedIp, family: IpFamily): Uint8Array | null {
  if (ip.family === family) return ip.bytes;
  if (family === 6) return Uint8Array.from([...MAPPED_PREFIX, ...ip.bytes]);
  return isIpv4Mapped(ip.bytes) ? ip.bytes.slice(12) : null;
}

/**
 * Whether `ip` lies inside `cidr`. An IPv4 client seen as ::ffff:1.2.3.4 matches an IPv4 block and
 * vice versa. Unparseable input never matches (an allow-list must fail closed).
 */
export function ipInCidr(ip: string | ParsedIp, cidr: string | Cidr): boolean {
  const address = typeof ip === "string" ? parseIp(ip) : ip;
  const block = typeof cidr === "string" ? parseCidr(cidr) : cidr;
  if (!address || !block) return false;
  const bytes = toFamily(address, block.family);
  if (!bytes) return false;
  const masked = maskBytes(bytes, block.prefix);
  return masked.every((b, i) => b === block.bytes[i]);
}

/** Whether `ip` is inside any block of an allow-list; an empty list allows everyone. */
export function ipAllowed(ip: string, allowList: readonly string[]): boolean {
  if (allowList.length === 0) return true;
  const address = parseIp(ip);
  return address !== null && allowList.some((cidr) => ipInCidr(address, cidr));
}
