// `npm run cli -- <command>`: administer orgs, accounts and apps from a shell. JSON on stdout only
// (so it pipes into jq), one clear error line on stderr. Exit codes: 0 ok, 2 bad usage or invalid
// input (including unknown org), 1 anything else.
//
// Database: DATABASE_URL when set (then GATEHOUSE_SECRET must be the server's secret, because app
// secrets are sealed with it). Otherwise the embedded database: the running `npm run dev` one if
// it is up, else it is started just for this command (with .data/secret).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { EMBEDDED_DATABASE_URL } from "../lib/env.ts";
import { isFault, type Fault } from "../lib/faults.ts";
import type { Db } from "../lib/db.ts";
import { createOrg, requireOrgByCode, updateOrgSettings, type OrgSettingsInput } from "../lib/orgs/orgs.ts";
import { createAccount, toAccountView, type AccountRole } from "../lib/accounts/accounts.ts";
import { createApp } from "../lib/apps/apps.ts";
import { EMBEDDED_DEFAULT_PORT, startEmbeddedDatabase } from "./embedded-db.ts";
import { applyMigrations } from "./migrate.ts";
import { EMBEDDED_DATA_DIR, isPortListening, loadDotEnvFiles, loadOrCreateLocalSecret } from "./local-env.ts";

const HELP = `Gatehouse CLI — npm run cli -- <command> [options]

Commands:
  org create <code> --name <name>
      Create an org and its built-in control-panel app. Prints the org and the panel app's key.

  org settings <code> [--name <name>] [--bypass <email,email,*>] [--registration on|off]
                      [--lock-attempts N] [--lock-duration MINUTES] [--simultaneous-logins on|off]
                      [--sms-daily-budget N]
      Change org settings (no options: just print them). --bypass replaces the Location
      Verification Bypass list ("" clears it; "*" lets everyone skip SMS verification).

  account create --org <code> --email <email> --password <password> [--mobile <+E164>]
                 [--role admin|developer|member]... [--first <name>] [--last <name>]
      Create an account. Without --mobile it cannot complete new-location verification.

  app create --org <code> --name <name> --type session|signature [--csrf] [--principal-override]
             [--auth-duration SECONDS] [--ip-allow-list CIDR,...] [--cors-origins ORIGIN,...]
      Create an app. Prints its key and secret: the secret is shown only this once.

Options:
  -h, --help    Show this help.

Environment: DATABASE_URL (default: the embedded database in .data/pglite), GATEHOUSE_SECRET
(default with the embedded database: .data/secret). Exit codes: 0 ok, 2 bad usage or input, 1 error.
`;

/** A mistake in how the CLI was called (exit code 2). */
class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values = Record<string, string | boolean | string[] | undefined>;

interface Command<A> {
  usage: string;
  options: Options;
  /** Names of the positional arguments after the command words. */
  positionals: string[];
  /** CLI strings → the core call's typed arguments. Throws UsageError. */
  parse(values: Values, positionals: string[]): A;
  /** The core call; returns what is printed as JSON. */
  run(db: Db, args: A): Promise<unknown>;
}

// ---------------------------------------------------------------------------------------------
// Command implementations: thin adapters from parsed arguments to lib/ calls.

async function runOrgCreate(db: Db, args: { code: string; name: string }) {
  const { org, panelApp } = await createOrg(db, args);
  return { id: org._id, code: org.code, name: org.name, created: org.created, panelAppKey: panelApp.key };
}

async function runOrgSettings(db: Db, args: { code: string; patch: OrgSettingsInput }) {
  const org = await requireOrgByCode(db, args.code);
  return updateOrgSettings(db, org.id, args.patch); // an empty patch just reads the settings back
}

interface AccountCreateArgs {
  org: string;
  email: string;
  password: string;
  mobile?: string;
  roles: AccountRole[];
  first?: string;
  last?: string;
}

async function runAccountCreate(db: Db, args: AccountCreateArgs) {
  const org = await requireOrgByCode(db, args.org);
  const account = await createAccount(db, {
    orgId: org.id,
    email: args.email,
    password: args.password,
    mobile: args.mobile,
    roles: args.roles,
    name: { first: args.first ?? "", last: args.last ?? "" },
  });
  return toAccountView(account);
}

interface AppCreateArgs {
  org: string;
  name: string;
  type: "session" | "signature";
  csrf: boolean;
  principalOverride: boolean;
  authDuration?: number;
  ipAllowList: string[];
  corsOrigins: string[];
}

async function runAppCreate(db: Db, args: AppCreateArgs) {
  const org = await requireOrgByCode(db, args.org);
  const { org: _org, ...input } = args;
  const { app, secret } = await createApp(db, { orgId: org.id, ...input });
  const { _id, key, ...rest } = app;
  return { key, secret, id: _id, ...rest };
}

// ---------------------------------------------------------------------------------------------
// Argument parsing: strings in, typed values out. Range and format checks stay in lib/ (one
// source of truth); here only what the shell cannot express (on/off, numbers, lists).

function requireString(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required.`);
  return value;
}

function optionalString(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

function parseOnOff(values: Values, name: string): boolean | undefined {
  const value = optionalString(values, name);
  if (value === undefined) return undefined;
  if (value === "on" || value === "true") return true;
  if (value === "off" || value === "false") return false;
  throw new UsageError(`--${name} must be "on" or "off".`);
}

function parseWholeNumber(values: Values, name: string): number | undefined {
  const value = optionalString(values, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a whole number.`);
  return Number(value);
}

/** "a,b , c" → ["a","b","c"]; "" → [] (so a list can be cleared). Repeats are concatenated. */
function parseList(values: Values, name: string): string[] | undefined {
  const value = values[name];
  if (value === undefined || typeof value === "boolean") return undefined;
  const parts = Array.isArray(value) ? value : [value];
  return parts.flatMap((p) => p.split(",")).map((s) => s.trim()).filter(Boolean);
}

const orgCreate: Command<{ code: string; name: string }> = {
  usage: "org create <code> --name <name>",
  options: { name: { type: "string" } },
  positionals: ["code"],
  parse: (values, [code]) => ({ code, name: requireString(values, "name") }),
  run: runOrgCreate,
};

const orgSettings: Command<{ code: string; patch: OrgSettingsInput }> = {
  usage: "org settings <code> [--name N] [--bypass LIST] [--registration on|off] [--lock-attempts N] [--lock-duration N] [--simultaneous-logins on|off] [--sms-daily-budget N]",
  options: {
    name: { type: "string" },
    bypass: { type: "string", multiple: true },
    registration: { type: "string" },
    "lock-attempts": { type: "string" },
    "lock-duration": { type: "string" },
    "simultaneous-logins": { type: "string" },
    "sms-daily-budget": { type: "string" },
  },
  positionals: ["code"],
  parse: (values, [code]) => {
    const patch: OrgSettingsInput = {
      name: optionalString(values, "name"),
      bypassEmails: parseList(values, "bypass"),
      registrationEnabled: parseOnOff(values, "registration"),
      lockAttempts: parseWholeNumber(values, "lock-attempts"),
      lockDuration: parseWholeNumber(values, "lock-duration"),
      simultaneousLogins: parseOnOff(values, "simultaneous-logins"),
      smsDailyBudget: parseWholeNumber(values, "sms-daily-budget"),
    };
    for (const key of Object.keys(patch) as Array<keyof OrgSettingsInput>) {
      if (patch[key] === undefined) delete patch[key];
    }
    return { code, patch };
  },
  run: runOrgSettings,
};

const accountCreate: Command<AccountCreateArgs> = {
  usage: "account create --org <code> --email <email> --password <password> [--mobile <+E164>] [--role R]... [--first X] [--last Y]",
  options: {
    org: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    mobile: { type: "string" },
    role: { type: "string", multiple: true },
    first: { type: "string" },
    last: { type: "string" },
  },
  positionals: [],
  parse: (values) => ({
    org: requireString(values, "org"),
    email: requireString(values, "email"),
    password: requireString(values, "password"),
    mobile: optionalString(values, "mobile"),
    roles: (parseList(values, "role") ?? []) as AccountRole[], // lib/ rejects unknown roles
    first: optionalString(values, "first"),
    last: optionalString(values, "last"),
  }),
  run: runAccountCreate,
};

const appCreate: Command<AppCreateArgs> = {
  usage: "app create --org <code> --name <name> --type session|signature [--csrf] [--principal-override] [--auth-duration N] [--ip-allow-list CIDRS] [--cors-origins ORIGINS]",
  options: {
    org: { type: "string" },
    name: { type: "string" },
    type: { type: "string" },
    csrf: { type: "boolean" },
    "principal-override": { type: "boolean" },
    "auth-duration": { type: "string" },
    "ip-allow-list": { type: "string", multiple: true },
    "cors-origins": { type: "string", multiple: true },
  },
  positionals: [],
  parse: (values) => {
    const type = requireString(values, "type");
    if (type !== "session" && type !== "signature") throw new UsageError(`--type must be "session" or "signature".`);
    return {
      org: requireString(values, "org"),
      name: requireString(values, "name"),
      type,
      csrf: values.csrf === true,
      principalOverride: values["principal-override"] === true,
      authDuration: parseWholeNumber(values, "auth-duration"),
      ipAllowList: parseList(values, "ip-allow-list") ?? [],
      corsOrigins: parseList(values, "cors-origins") ?? [],
    };
  },
  run: runAppCreate,
};

const COMMANDS: Record<string, Command<any>> = {
  "org create": orgCreate,
  "org settings": orgSettings,
  "account create": accountCreate,
  "app create": appCreate,
};

interface Invocation {
  command: Command<unknown>;
  args: unknown;
}

/** argv (after `cli.ts`) → the command and its typed arguments, or "help". Throws UsageError. */
export function parseInvocation(argv: string[]): Invocation | "help" {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") return "help";
  const name = argv.slice(0, 2).join(" ");
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`Unknown command "${name}".`);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv.slice(2),
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    // Node's messages run on ("To specify a positional argument ..."); the first sentence is the news.
    const first = (e as Error).message.split("\n")[0].split(". ")[0].replace(/\.?$/, ".");
    throw new UsageError(`${first} Usage: ${command.usage}.`);
  }
  if (parsed.values.help) return "help";
  if (parsed.positionals.length !== command.positionals.length) {
    const expected = command.positionals.map((p) => `<${p}>`).join(" ") || "no arguments";
    throw new UsageError(`Expected ${expected} after "${name}". Usage: ${command.usage}.`);
  }
  return { command, args: command.parse(parsed.values as Values, parsed.positionals) };
}

// ---------------------------------------------------------------------------------------------
// Running

/** Set when the CLI shares the embedded database of a running `npm run dev`. */
let sharingEmbedded = false;

const EMBEDDED_BUSY =
  "The embedded database is busy: it serves one connection at a time and the running `npm run dev` " +
  "holds it (it lets go after 30 s without requests). Try again shortly, stop `npm run dev`, " +
  "or use PostgreSQL via DATABASE_URL.";

/** Point lib/ at the right database and secret; returns how to let go of it afterwards. */
async function connectDatabase(): Promise<() => Promise<void>> {
  loadDotEnvFiles();
  const url = process.env.DATABASE_URL;
  if (url && url !== EMBEDDED_DATABASE_URL) {
    if (!process.env.GATEHOUSE_SECRET) {
      throw new Error("GATEHOUSE_SECRET is not set: with DATABASE_URL, use the server's GATEHOUSE_SECRET (app secrets are sealed with it).");
    }
    return async () => {};
  }
  process.env.DATABASE_URL = EMBEDDED_DATABASE_URL;
  process.env.GATEHOUSE_SECRET ||= loadOrCreateLocalSecret();
  if (await isPortListening(EMBEDDED_DEFAULT_PORT)) {
    sharingEmbedded = true; // `npm run dev` (or embedded-db.ts) is serving it
    return async () => {};
  }
  const embedded = await startEmbeddedDatabase({ dataDir: EMBEDDED_DATA_DIR, port: EMBEDDED_DEFAULT_PORT });
  try {
    await applyMigrations(embedded.url);
  } catch (e) {
    await embedded.stop();
    throw e;
  }
  return embedded.stop;
}

function describeFault(fault: Fault): string {
  const children = (fault.faults ?? []).map((f) => `${f.path ? `${f.path}: ` : ""}${f.message}`);
  const reason = fault.reason ? ` ${fault.reason}` : "";
  return [fault.message + reason, ...children].join(" ") + ` (${fault.code})`;
}

/** Error → [one line for stderr, exit code]. */
function describeError(error: unknown): [string, number] {
  if (error instanceof UsageError) return [`${error.message} Run \`npm run cli -- --help\` for usage.`, 2];
  if (isFault(error)) return [describeFault(error), error.status < 500 ? 2 : 1];
  const message = ((error as Error)?.message ?? String(error)).split("\n").join(" ");
  if (sharingEmbedded && /Connection terminated unexpectedly|Too many connections|ECONNRESET/i.test(message)) {
    return [EMBEDDED_BUSY, 1];
  }
  return [message, 1];
}

async function main(argv: string[]): Promise<number> {
  let invocation: Invocation | "help";
  try {
    invocation = parseInvocation(argv);
  } catch (error) {
    const [line, code] = describeError(error);
    process.stderr.write(`error: ${line}\n`);
    return code;
  }
  if (invocation === "help") {
    process.stdout.write(HELP);
    return 0;
  }

  let release: (() => Promise<void>) | undefined;
  let dbModule: typeof import("../lib/db.ts") | undefined;
  try {
    release = await connectDatabase();
    dbModule = await import("../lib/db.ts"); // after the environment is settled
    const result = await invocation.command.run(dbModule.db(), invocation.args);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    const [line, code] = describeError(error);
    process.stderr.write(`error: ${line}\n`);
    return code;
  } finally {
    await dbModule?.db().$disconnect().catch(() => {});
    await release?.().catch(() => {});
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // process.exit: don't wait for idle pool or WASM timers; stdout/stderr writes to pipes and
  // files are synchronous on POSIX, so nothing printed is lost.
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
