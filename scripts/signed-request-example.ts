// A signed Cortex request from the command line, with the SDK's standalone signRequest() and plain
// fetch — the few lines any integration needs. (GatehouseClient does the same for every call.)
//
//   npm run example:signed -- --base http://127.0.0.1:3000 --org demo --key <app key> --secret <app secret> \
//     [--path /accounts/me] [--method GET] [--principal someone@example.com] [--body '{"name":{"first":"A"}}']
//
// The secret may come from GATEHOUSE_APP_SECRET instead of --secret (keeps it out of shell history).
// Exit status: 0 for a result, 1 for a fault, 2 for bad arguments or no answer.
import { parseArgs } from "node:util";
import { signRequest, isFaultBody } from "../lib/client/index.ts";

const USAGE = "usage: npm run example:signed -- --base URL --org CODE --key KEY --secret SECRET [--path /accounts/me] [--method GET] [--principal ID_OR_EMAIL] [--body JSON]";

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        base: { type: "string", default: "http://127.0.0.1:3000" },
        org: { type: "string" },
        key: { type: "string" },
        secret: { type: "string" },
        path: { type: "string", default: "/accounts/me" },
        method: { type: "string", default: "GET" },
        principal: { type: "string" },
        body: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const secret = values.secret ?? process.env.GATEHOUSE_APP_SECRET;
  if (values.help || !values.org || !values.key || !secret) {
    console.error(USAGE);
    return 2;
  }
  const method = values.method.toUpperCase();
  const path = values.path.startsWith("/") ? values.path : `/${values.path}`;
  const url = `${values.base.replace(/\/+$/, "")}/${values.org}/v2${path}`;

  // The whole protocol: four headers (five with a principal) signed over `command;METHOD;timestamp`.
  const headers: Record<string, string> = await signRequest({ key: values.key, secret, method, path, principal: values.principal });
  if (values.body !== undefined) headers["Content-Type"] = "application/json";

  console.error(`> ${method} ${url}`);
  for (const [name, value] of Object.entries(headers)) console.error(`> ${name}: ${value}`);

  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: values.body });
  } catch (error) {
    console.error(`No answer from ${url}: ${(error as Error).message}`);
    return 2;
  }
  const text = await res.text();
  console.error(`< HTTP ${res.status} (Medable-Server-Time ${res.headers.get("medable-server-time") ?? "-"})`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    console.log(text);
    return 2;
  }
  console.log(JSON.stringify(body, null, 2));
  return isFaultBody(body) ? 1 : 0;
}

main().then((code) => process.exit(code));
