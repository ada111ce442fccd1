// Request bodies: JSON (and url-encoded where Cortex accepts it), read with a hard size limit so a
// huge body costs nothing and never reaches a parser. Malformed input is a clean 400 fault.
import { faults } from "../faults.ts";

export const MAX_BODY_BYTES = 64 * 1024;

async function readLimited(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > limit) throw faults.bodyTooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw faults.bodyTooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/** "location[verificationToken]=1" → { location: { verificationToken: "1" } } (one level deep is all Cortex uses). */
function parseUrlEncoded(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const m = /^([^[\]]+)\[([^[\]]+)\]$/.exec(key);
    if (m) {
      const [, outer, inner] = m;
      const nested = (typeof out[outer] === "object" && out[outer] !== null ? out[outer] : Object.create(null)) as Record<string, unknown>;
      nested[inner] = value;
      out[outer] = nested;
    } else {
      out[key] = value;
    }
  }
  return { ...out };
}

/** The request body as a plain object ({} when empty). */
export async function readBody(req: Request, opts: { allowUrlEncoded?: boolean } = {}): Promise<Record<string, unknown>> {
  const text = await readLimited(req, MAX_BODY_BYTES);
  if (text.trim() === "") return {};
  const type = (req.headers.get("content-type") ?? "application/json").split(";")[0].trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    if (!opts.allowUrlEncoded) throw faults.unsupportedMediaType({ reason: "Send the body as application/json." });
    return parseUrlEncoded(text);
  }
  if (type !== "application/json" && !type.endsWith("+json") && type !== "text/plain") {
    throw faults.unsupportedMediaType({ reason: "Send the body as application/json." });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw faults.malformedBody({ reason: "The body is not valid JSON." });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw faults.malformedBody({ reason: "The body must be a JSON object." });
  }
  return parsed as Record<string, unknown>;
}
