// Org apps: creation, the one-time secret reveal, secret regeneration, and the public view.
// The signing secret is stored only AES-256-GCM sealed: the server must read it back to check
// request HMACs, so it cannot be hashed, but a database dump alone must not reveal it.
import { z } from "zod";
import type { App } from "../generated/prisma/client.ts";
import type { Db, Tx } from "../db.ts";
import { faults, validationFault } from "../faults.ts";
import { openSecret, sealSecret } from "../crypto/secret-box.ts";
import { generateAppKey, generateAppSecret, isWellFormedAppKey } from "./keys.ts";
import { parseCidr } from "./cidr.ts";
import { parseInput } from "../validation.ts";

type DbOrTx = Db | Tx;

import { AUTH_DURATION_DEFAULT, AUTH_DURATION_MAX, AUTH_DURATION_MIN } from "./constants.ts";

export { AUTH_DURATION_DEFAULT, AUTH_DURATION_MAX, AUTH_DURATION_MIN } from "./constants.ts";
export const PANEL_APP_NAME = "Control Panel";

// ---------------------------------------------------------------------------------------------
// Input schemas

export const AppTypeInput = z.enum(["session", "signature"]);
export type AppTypeInput = z.infer<typeof AppTypeInput>;

export const AppNameInput = z
  .string()
  .trim()
  .min(1, "Name is required.")
  .max(100, "Name must be at most 100 characters.");

export const AuthDurationInput = z
  .number({ error: "Auth duration must be a number of seconds." })
  .int("Auth duration must be a whole number of seconds.")
  .min(AUTH_DURATION_MIN, `Auth duration must be at least ${AUTH_DURATION_MIN} seconds.`)
  .max(AUTH_DURATION_MAX, `Auth duration must be at most ${AUTH_DURATION_MAX} seconds (one year).`);

/** A CIDR block (IPv4 or IPv6; a bare address means one host), stored in canonical form. */
export const CidrInput = z.string().transform((value, ctx) => {
  const cidr = parseCidr(value);
  if (!cidr) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a valid CIDR block (e.g. 203.0.113.0/24 or 2001:db8::/32).` });
    return z.NEVER;
  }
  return cidr.canonical;
});

/** A browser origin: scheme + host (+ port), nothing else. Stored as the URL's own `origin`. */
export const CorsOriginInput = z.string().transform((value, ctx) => {
  const origin = normaliseOrigin(value);
  if (!origin) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a valid origin (e.g. https://app.example.com).` });
    return z.NEVER;
  }
  return origin;
});

function normaliseOrigin(value: string): string | null {
  const raw = value.trim();
  // An origin has no path, query, fragment or credentials (a lone trailing "/" is tolerated), and
  // CORS matching here is exact, so wildcards are refused rather than silently never matching.
  if (/[?#@*\s\\]/.test(raw) || /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/./i.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const isHttp = url.protocol === "https:" || url.protocol === "http:";
  return isHttp && url.pathname === "/" && url.hostname !== "" ? url.origin : null;
}

const ObjectIdInput = z.string().regex(/^[0-9a-f]{24}$/, "Must be an account id (24 hex characters).");

export const CreateAppInput = z
  .object({
    orgId: z.string().min(1),
    name: AppNameInput,
    type: AppTypeInput,
    csrf: z.boolean().default(false),
    authDuration: AuthDurationInput.default(AUTH_DURATION_DEFAULT),
    expiresAt: z.coerce.date({ error: "Expiry must be a date." }).nullable().optional(),
    principalOverride: z.boolean().default(false),
    fixedPrincipalId: ObjectIdInput.nullable().optional(),
    ipAllowList: z.array(CidrInput).max(100, "At most 100 CIDR blocks.").default([]),
    corsOrigins: z.array(CorsOriginInput).max(100, "At most 100 origins.").default([]),
  })
  .superRefine((app, ctx) => {
    // Cortex: CSRF tokens belong to cookie sessions; principals belong to signed requests.
    if (app.type === "signature" && app.csrf) {
      ctx.addIssue({ code: "custom", path: ["csrf"], message: "CSRF protection applies to session apps only." });
    }
    if (app.type === "session" && app.principalOverride) {
      ctx.addIssue({ code: "custom", path: ["principalOverride"], message: "Principal override applies to signature apps only." });
    }
    if (app.type === "session" && app.fixedPrincipalId) {
      ctx.addIssue({ code: "custom", path: ["fixedPrincipalId"], message: "A fixed principal applies to signature apps only." });
    }
    if (app.expiresAt && app.expiresAt.getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "Expiry must be in the future." });
    }
  });
export type CreateAppInput = z.input<typeof CreateAppInput>;

// ---------------------------------------------------------------------------------------------
// The view: everything an admin may see about an app. Never the secret or its ciphertext.

export const AppView = z.object({
  _id: z.string(),
  object: z.literal("app"),
  name: z.string(),
  key: z.string(),
  type: AppTypeInput,
  enabled: z.boolean(),
  csrf: z.boolean(),
  authDuration: z.number(),
  expiresAt: z.string().nullable(),
  principalOverride: z.boolean(),
  fixedPrincipalId: z.string().nullable(),
  ipAllowList: z.array(z.string()),
  corsOrigins: z.array(z.string()),
  builtIn: z.boolean(),
  created: z.string(),
});
export type AppView = z.infer<typeof AppView>;

/** Built field by field (never a spread) so a new secret column cannot leak by accident. */
export function toAppView(app: App): AppView {
  return {
    _id: app.id,
    object: "app",
    name: app.name,
    key: app.key,
    type: app.type,
    enabled: app.enabled,
    csrf: app.csrf,
    authDuration: app.authDuration,
    expiresAt: app.expiresAt ? app.expiresAt.toISOString() : null,
    principalOverride: app.principalOverride,
    fixedPrincipalId: app.fixedPrincipalId,
    ipAllowList: [...app.ipAllowList],
    corsOrigins: [...app.corsOrigins],
    builtIn: app.builtIn,
    created: app.createdAt.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Operations

function hasPrismaCode(e: unknown, code: string): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === code &&
    (e as { name?: unknown }).name === "PrismaClientKnownRequestError";
}

/**
 * Create an app. Returns the view and the plain secret: this is its one-time reveal (the caller
 * shows it once; afterwards only `regenerateAppSecret` produces a readable secret again).
 */
export async function createApp(db: DbOrTx, input: CreateAppInput): Promise<{ app: AppView; secret: string }> {
  const data = parseInput(CreateAppInput, input); // child faults name fields, e.g. "ipAllowList.1"

  if (data.fixedPrincipalId) await requireAccountInOrg(db, data.orgId, data.fixedPrincipalId);

  const secret = generateAppSecret();
  try {
    const app = await db.app.create({
      data: {
        orgId: data.orgId,
        name: data.name,
        key: generateAppKey(),
        secretEncrypted: sealSecret(secret),
        type: data.type,
        csrf: data.csrf,
        authDuration: data.authDuration,
        expiresAt: data.expiresAt ?? null,
        principalOverride: data.principalOverride,
        fixedPrincipalId: data.fixedPrincipalId ?? null,
        ipAllowList: data.ipAllowList,
        corsOrigins: data.corsOrigins,
      },
    });
    return { app: toAppView(app), secret };
  } catch (e) {
    if (hasPrismaCode(e, "P2003")) throw faults.orgNotFound(); // the org vanished or never existed
    throw e;
  }
}

async function requireAccountInOrg(db: DbOrTx, orgId: string, accountId: string): Promise<void> {
  const account = await db.account.findFirst({ where: { id: accountId, orgId }, select: { id: true } });
  if (!account) {
    throw validationFault([{ path: "fixedPrincipalId", message: "No account with this id exists in this org." }]);
  }
}

/**
 * The org's built-in control-panel app: the panel signs in through it like any session app, so
 * panel sign-ins get the same location rules. Called inside createOrg's transaction.
 */
export async function createPanelApp(db: DbOrTx, orgId: string): Promise<AppView> {
  const app = await db.app.create({
    data: {
      orgId,
      name: PANEL_APP_NAME,
      key: generateAppKey(),
      // Session apps never sign requests, but every app has a secret (Cortex shape).
      secretEncrypted: sealSecret(generateAppSecret()),
      type: "session",
      csrf: false,
      authDuration: AUTH_DURATION_DEFAULT,
      builtIn: true,
    },
  });
  return toAppView(app);
}

/** Replace the secret; the old one stops verifying at once (signature checks read the row). */
export async function regenerateAppSecret(db: DbOrTx, appId: string): Promise<{ secret: string }> {
  const secret = generateAppSecret();
  const { count } = await db.app.updateMany({ where: { id: appId }, data: { secretEncrypted: sealSecret(secret) } });
  if (count === 0) throw faults.appNotFound();
  return { secret };
}

/** The plain secret, for server-side HMAC checks only. Never put it in a response. */
export function getAppSecret(app: Pick<App, "secretEncrypted">): string {
  return openSecret(app.secretEncrypted);
}

/** The app for a Medable-Client-Key header, or null. Malformed keys skip the database. */
export async function getAppByKey(db: DbOrTx, key: string): Promise<App | null> {
  if (!isWellFormedAppKey(key)) return null;
  return db.app.findUnique({ where: { key } });
}

/** The org's built-in control-panel app, or null if the org has none. */
export async function getPanelApp(db: DbOrTx, orgId: string): Promise<App | null> {
  return db.app.findFirst({ where: { orgId, builtIn: true }, orderBy: { createdAt: "asc" } });
}
