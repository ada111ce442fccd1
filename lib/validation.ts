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
    fields.push({ path, message: describeIssue(issue) });
  }
  throw validationFault(fields);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined) return "Required.";
  return issue.message;
}
