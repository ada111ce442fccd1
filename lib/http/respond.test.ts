import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, toFault } from "./respond.ts";

describe("isDatabaseUnavailable", () => {
  // Errors seen while PostgreSQL was stopped and started under load (npm run attack).
  it.each([
    "Client has encountered a connection error and is not queryable",
    "terminating connection due to administrator command",
    "the database system is shutting down",
    "the database system is starting up",
    "Connection terminated unexpectedly",
    "Raw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5432`",
    "Transaction API error: Transaction already closed: A query cannot be executed on a closed transaction.",
  ])("recognises %s", (message) => {
    expect(isDatabaseUnavailable(new Error(message))).toBe(true);
    expect(toFault(new Error(message), "test").status).toBe(503);
  });

  it("recognises Prisma's transaction API error by its code", () => {
    const error = Object.assign(new Error("\nInvalid `prisma.$transaction()` invocation:\n\nTransaction API error"), {
      name: "PrismaClientKnownRequestError", code: "P2028",
    });
    expect(toFault(error, "test")).toMatchObject({ code: "kUnavailable", status: 503 });
  });

  it("looks through causes and leaves other errors alone", () => {
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }) }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Cannot read properties of undefined"))).toBe(false);
  });
});
