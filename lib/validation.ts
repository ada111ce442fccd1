// Zod at the boundary, once: parse input or throw kValidationError with one child fault per field.
import type { z } from "zod";
import { validationFault } from "./faults.ts";

export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const seen = new Set<string>();
  const fields: Array<{ path: string; message: string }> = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join(".") || "body";
    if (seen.has(path)) continue; // one child fault per field
    seen.add(path);
    fields.push({ path, message: describeIssue(issue, data) });
  }
  throw validationFault(fields);
}

// Zod 4 leaves `input` out of issues unless asked, so "missing" is decided from the data itself:
// only an absent value is "Required."; a value of the wrong type keeps the schema's own message.
function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  if (issue.code === "invalid_type" && valueAt(data, issue.path) === undefined) return "Required.";
  return issue.message;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
