// Authenticate one signed request, in checklist order:
//   parse headers → timestamp window → HMAC (constant time) → claim the nonce → principal.
// The nonce is claimed only after the HMAC verifies, so nobody without the secret can fill the
// nonce store or burn a legitimate client's nonces. Two queries on success: the nonce claim and,
// when there is a principal, one account lookup (the app row was already read by the door).
import type { App } from "../generated/prisma/client.ts";
import type { AccountRecord } from "../accounts/accounts.ts";
import { faults } from "../faults.ts";
import { openSecret } from "../crypto/secret-box.ts";
import { commandFromRequestPath, parseSignatureHeaders, verifyRequestSignature } from "./signature.ts";
import { claimNonce } from "./nonces.ts";
import { resolvePrincipal, type PrincipalSource } from "./principals.ts";

export type SigningApp = Pick<App, "id" | "orgId" | "key" | "secretEncrypted" | "principalOverride" | "fixedPrincipalId">;

export interface SignedCaller {
  kind: "signed";
  /** The acting account, or null for an anonymous signed request. */
  accountId: string | null;
  account: AccountRecord | null;
  via: PrincipalSource;
}

export interface SignedRequestInput {
  app: SigningApp;
  headers: Headers;
  method: string;
  /** The request's URL path as received ("/<org>/v2/accounts/me"), still percent-encoded. */
  pathname: string;
  now: Date;
}

// Decrypted secrets, keyed by app id and ciphertext: a regenerated secret has a new ciphertext, so
// the old entry is never consulted again (and ages out). Opening is cheap; this just skips it.
const SECRET_CACHE_MAX = 1_000;
const secretCache = new Map<string, string>();

function appSecret(app: SigningApp): string {
  const cacheKey = `${app.id}:${app.secretEncrypted}`;
  let secret = secretCache.get(cacheKey);
  if (secret === undefined) {
    secret = openSecret(app.secretEncrypted);
    if (secretCache.size >= SECRET_CACHE_MAX) secretCache.delete(secretCache.keys().next().value!);
    secretCache.set(cacheKey, secret);
  }
  return secret;
}

export async function authenticateSignedRequest(input: SignedRequestInput): Promise<SignedCaller> {
  const headers = parseSignatureHeaders(input.headers);
  const verified = verifyRequestSignature({
    headers,
    key: input.app.key,
    secret: appSecret(input.app),
    method: input.method,
    command: commandFromRequestPath(input.pathname),
    now: input.now,
  });
  const fresh = await claimNonce({ appId: input.app.id, nonce: verified.nonce, expiresAt: verified.windowEndsAt }, input.now);
  if (!fresh) throw faults.invalidRequestSignature({ reason: "This nonce was already used (replayed request)." });
  const principal = await resolvePrincipal(input.app, verified.principal);
  return { kind: "signed", accountId: principal.account?.id ?? null, account: principal.account, via: principal.via };
}
