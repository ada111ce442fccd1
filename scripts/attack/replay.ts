// Replayed signed requests (SPEC §4): one signed GET /accounts/me, then 1,000 byte-identical
// copies (same nonce, timestamp and signature) — the first 100 fired together with the original,
// the rest 100 at a time. Only the original may be accepted. A fresh signed request is sent
// first as a control: if even that is refused, signature auth is not answering on this build and
// the figure says so instead of claiming a pass.
import { log } from "../bench/common.ts";
import { nonceFactory, signedHeaders } from "../bench/signing.ts";
import { faultCode, newAccount, pool, send, type Reply, type Target } from "./support.ts";

export interface ReplayResult {
  replays: number;
  concurrency: number;
  /** The fresh control request was accepted (signature auth works on this build). */
  controlAccepted: boolean;
  controlAnswer: string;
  /** Identical requests accepted in all (the original included). */
  accepted: number;
  /** Replays accepted: accepted − 1 (the original), or accepted when the original was refused too. */
  replaysAccepted: number;
  answers: Record<string, number>;
  target: string;
  met: boolean | null;
  note?: string;
}

export async function attackReplays(target: Target, opts: { replays: number; concurrency: number }): Promise<ReplayResult> {
  const principal = await newAccount(target, "replay");
  const nextNonce = nonceFactory();
  const url = `${target.baseUrl}/${target.org.code}/v2/accounts/me`;
  const app = { apiKey: target.signatureApp.key, apiSecret: target.signatureApp.secret };
  const accepted = (r: Reply) => r.status >= 200 && r.status < 300 && r.body?.object === "account";

  const control = await send(url, { method: "GET", headers: signedHeaders(app, "/accounts/me", "GET", { nonce: nextNonce(), principal: principal.id }) });
  const headers = signedHeaders(app, "/accounts/me", "GET", { nonce: nextNonce(), principal: principal.id });
  const once = () => send(url, { method: "GET", headers });

  // The original and the first concurrency−1 copies race; then the remaining copies.
  const burst = await Promise.all(Array.from({ length: opts.concurrency }, once));
  const rest = await pool(opts.replays + 1 - opts.concurrency, opts.concurrency, once);
  const all = [...burst, ...rest];
  const answers: Record<string, number> = {};
  for (const r of all) answers[`${r.status} ${faultCode(r)}`] = (answers[`${r.status} ${faultCode(r)}`] ?? 0) + 1;
  const acceptedCount = all.filter(accepted).length;
  const controlAccepted = accepted(control);
  const replaysAccepted = Math.max(0, acceptedCount - 1);
  const result: ReplayResult = {
    replays: opts.replays,
    concurrency: opts.concurrency,
    controlAccepted,
    controlAnswer: `${control.status} ${faultCode(control)}`,
    accepted: acceptedCount,
    replaysAccepted,
    answers,
    target: "replays accepted = 0",
    met: controlAccepted ? replaysAccepted === 0 : null,
    note: controlAccepted ? undefined : `not measurable: a fresh, correctly signed request was refused (${control.status} ${faultCode(control)}), so signature authentication is not answering on this build`,
  };
  log("attack", `replays: ${opts.replays} copies (${opts.concurrency} concurrent): ${acceptedCount} accepted in all, control ${result.controlAnswer}${result.note ? ` — ${result.note}` : ""}`);
  return result;
}
