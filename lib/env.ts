// Typed environment, parsed once on first use. Nothing else in the app reads process.env.
import { z } from "zod";

export const EMBEDDED_DATABASE_URL =
  "postgresql://postgres:postgres@127.0.0.1:54329/postgres?sslmode=disable";

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().url().default(EMBEDDED_DATABASE_URL),
    /** Connections per server process. PGlite multiplexes one session: it must be 1 there. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
    /** Master key (≥ 32 chars). Subkeys for code hashing, fingerprint signing, token hashing and
     * secret encryption are derived from it with HKDF. Rotating it invalidates all of those. */
    GATEHOUSE_SECRET: z.string().min(32, "GATEHOUSE_SECRET must be at least 32 characters"),
    TWILIO_ACCOUNT_SID: z.string().optional(),
    TWILIO_AUTH_TOKEN: z.string().optional(),
    TWILIO_FROM: z.string().optional(),
    /** Aim the Twilio client at another host (the fake Twilio server in tests). */
    TWILIO_API_BASE: z.string().url().optional(),
    SMS_OUTBOX_FILE: z.string().default(".data/sms-outbox.jsonl"),
    /** Comma-separated CIDRs of reverse proxies whose X-Forwarded-For we believe. */
    TRUSTED_PROXIES: z.string().default(""),
    /** next-auth's key for the panel's encrypted session cookie (≥ 32 chars). The panel refuses
     * to sign anyone in without it; the API does not need it. */
    NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
    /** The panel's public origin (next-auth). https:// makes the panel cookie __Secure-. */
    NEXTAUTH_URL: z.string().url().optional(),
    /** Log level: error | warn | info | debug. */
    LOG_LEVEL: z.enum(["error", "warn", "info", "debug"]).default("info"),
  })
  .transform((env) => ({
    ...env,
    isEmbeddedDatabase: env.DATABASE_URL === EMBEDDED_DATABASE_URL,
    databasePoolMax:
      env.DATABASE_POOL_MAX ?? (env.DATABASE_URL === EMBEDDED_DATABASE_URL ? 1 : 10),
    twilio:
      env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
        ? {
            accountSid: env.TWILIO_ACCOUNT_SID,
            authToken: env.TWILIO_AUTH_TOKEN,
            from: env.TWILIO_FROM,
            apiBase: env.TWILIO_API_BASE,
          }
        : null,
    trustedProxies: env.TRUSTED_PROXIES.split(",").map((s) => s.trim()).filter(Boolean),
  }));

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | null = null;

/** The parsed environment. Throws, naming every bad or missing variable, on first use. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}
