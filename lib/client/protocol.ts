// The Cortex signed-request wire format (SPEC §4), shared by the server (lib/auth/signature.ts) and
// the client SDK, so both ends canonicalise the path with one function. Pure TypeScript with no
// imports at all: it must run unchanged in Node, browsers and React Native.
//
//   signature = hex(HMAC-SHA256(key = apiKey + apiSecret, message = command + ";" + METHOD + ";" + timestamp))
//
// `command` is the request path after /<org>/v2, as sent on the wire (still percent-encoded), with
// no query string or fragment, dot segments resolved, repeated slashes collapsed, no trailing slash
// and exactly one leading slash: "/accounts/me". See docs/sdk.md and docs/decisions/0010-signed-requests.md.

export const HEADER = {
  key: "Medable-Client-Key",
  signature: "Medable-Client-Signature",
  timestamp: "Medable-Client-Timestamp",
  nonce: "Medable-Client-Nonce",
  account: "Medable-Client-Account",
  /** Accepted as an alias of Medable-Client-Account. */
  principal: "Medable-Client-Principal",
  csrf: "Medable-Csrf-Token",
  serverTime: "Medable-Server-Time",
} as const;

/** A signed request is accepted while |server time − Medable-Client-Timestamp| ≤ 15 minutes. */
export const SIGNATURE_WINDOW_MS = 15 * 60 * 1000;

/** Medable-Client-Nonce: 16 letters or digits. */
export const NONCE_PATTERN = /^[a-z\d]{16}$/i;

/** Medable-Client-Timestamp: epoch milliseconds as a plain decimal string. */
export const TIMESTAMP_PATTERN = /^\d{1,15}$/;

/** The signature: 64 hex digits (we produce lower case; either case is accepted). */
export const SIGNATURE_PATTERN = /^[a-f\d]{64}$/i;

const HEX = "0123456789ABCDEF";

/**
 * Percent-encode what a URL parser would encode in a path (WHATWG "path percent-encode set":
 * C0 controls, space, " < > ` { } and every non-ASCII code point, as UTF-8), leaving existing
 * %XX escapes and everything else exactly as written. Idempotent, so the server may apply it to a
 * path that arrived already encoded and get the same string back.
 */
export function encodePathLikeUrl(path: string): string {
  let out = "";
  for (const char of path) {
    const cp = char.codePointAt(0)!;
    if (cp > 0x20 && cp < 0x7f && !'"<>`{}'.includes(char)) {
      out += char;
      continue;
    }
    for (const byte of utf8(char)) out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

function utf8(char: string): number[] {
  const cp = char.codePointAt(0)!;
  if (cp >= 0xd800 && cp <= 0xdfff) return [0xef, 0xbf, 0xbd]; // lone surrogate: U+FFFD, like URL
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

const isDot = (s: string) => s === "." || s.toLowerCase() === "%2e";
const isDotDot = (s: string) => /^(\.|%2e)(\.|%2e)$/i.test(s);

/**
 * The signed `command` for a path after /<org>/v2 ("/accounts/me?x=1" → "/accounts/me").
 * Percent-encoding is kept as sent: "/a%20b" and "/a b" both give "/a%20b", but "/m%65" stays
 * "/m%65" (it is not decoded to "/me"). Backslashes count as slashes, as in a URL.
 */
export function canonicalCommand(pathAfterV2: string): string {
  let path = pathAfterV2;
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = path.slice(0, cut);
  path = encodePathLikeUrl(path.replace(/\\/g, "/"));
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || isDot(segment)) continue;
    if (isDotDot(segment)) segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join("/")}`;
}

/**
 * The command for a full request path ("/<org>/v2/accounts/me" → "/accounts/me"): everything
 * after the first two segments, however they were spelled.
 */
export function commandFromRequestPath(pathname: string): string {
  const rest = canonicalCommand(pathname).split("/").slice(3);
  return `/${rest.join("/")}`;
}

/** The HMAC message: `command;METHOD;timestamp`. */
export function signatureMessage(command: string, method: string, timestamp: string | number): string {
  return `${command};${method.toUpperCase()};${String(timestamp)}`;
}
