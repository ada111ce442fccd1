// Authenticate one signed request, in checklist order:
//   parse headers → timestamp window → HMAC (constant time) → claim the nonce → principal.
// The nonce is claimed only after the HMAC verifies, so nobody without the secret can fill the
// nonce store or burn a legitimate client's nonces. The claim and the principal's account are read
// in one statement (the app row was already read by the door): one round trip on success.
import type { App, Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { db } from "../db.ts";
import { faults } from "../faults.ts";
import { openSecret } from "../crypto/secret-box.ts";
import { commandFromRequestPath, parseSignatureHeaders, verifyRequestSignature } from "./signature.ts";
import { claimNonce, nonceClaimCtes, type NonceClaim } from "./nonces.ts";
import {
  PRINCIPAL_COLUMNS, planPrincipal, principalAccountFromRow, settlePrincipal,
  type PrincipalAccount, type PrincipalRow, type PrincipalSource,
} from "./principals.ts";

export type SigningApp = Pick<App, "id" | "orgId" | "key" | "secretEncrypted" | "principalOverride" | "fixedPrincipalId">;

export interface SignedCaller {
  kind: "signed";
  /** The acting account, or null for an anonymous signed request. */
  accountId: string | null;
  account: PrincipalAccount | null;
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

/** Claim the nonce and, in the same statement, read the account the condition names. */
async function claimNonceWithAccount(claim: NonceClaim, now: Date, condition: Prisma.Sql, client: Db): Promise<{ fresh: boolean; account: PrincipalAccount | null }> {
  const rows = await client.$queryRaw<Array<PrincipalRow & { claimed: number }>>`
    WITH ${nonceClaimCtes(claim, now)}
    SELECT c.claimed, ${PRINCIPAL_COLUMNS}
    FROM (SELECT count(*)::int AS claimed FROM claimed) c
    LEFT JOIN accounts a ON ${condition}`;
  return { fresh: rows[0]?.claimed === 1, account: principalAccountFromRow(rows[0]) };
}

export async function authenticateSignedRequest(input: SignedRequestInput, client: Db = db()): Promise<SignedCaller> {
  const headers = parseSignatureHeaders(input.headers);
  const verified = verifyRequestSignature({
    headers,
    key: input.app.key,
    secret: appSecret(input.app),
    method: input.method,
    command: commandFromRequestPath(input.pathname),
    now: input.now,
  });
  const claim = { appId: input.app.id, nonce: verified.nonce, expiresAt: verified.windowEndsAt };
  const plan = planPrincipal(input.app, verified.principal);
  const { fresh, account } = plan.kind === "lookup"
    ? await claimNonceWithAccount(claim, input.now, plan.condition, client)
    : { fresh: await claimNonce(claim, input.now, client), account: null };
  if (!fresh) throw faults.invalidRequestSignature({ reason: "This nonce was already used (replayed request)." });
  const principal = settlePrincipal(plan, account);
  return { kind: "signed", accountId: principal.account?.id ?? null, account: principal.account, via: principal.via };
}
