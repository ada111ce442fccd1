// One wrapper for every panel mutation: re-check the session and role (a stale tab cannot act
// after logout or revocation), run one core function, and turn a Fault into a message plus field
// errors for the form. Unexpected errors are logged and never echoed.
import { unstable_rethrow } from "next/navigation";
import { isFault } from "../faults.ts";
import { toFault } from "../http/respond.ts";
import type { ActionResult } from "./action-result.ts";
import { requirePanelAdmin, type PanelContext } from "./session.ts";

export async function runAdminAction<T>(
  orgCode: string,
  fn: (ctx: PanelContext) => Promise<T | ActionResult<T>>,
  describe?: (data: T) => string | undefined,
): Promise<ActionResult<T>> {
  const ctx = await requirePanelAdmin(orgCode); // redirects or answers 403 on its own
  try {
    const out = await fn(ctx);
    if (out && typeof out === "object" && "ok" in (out as object) && typeof (out as { ok: unknown }).ok === "boolean") {
      return out as ActionResult<T>;
    }
    return { ok: true, data: out as T, message: describe?.(out as T) };
  } catch (error) {
    unstable_rethrow(error);
    const fault = isFault(error) ? error : toFault(error, `panel action (${orgCode})`);
    const fieldErrors: Record<string, string> = {};
    for (const child of fault.faults ?? []) if (child.path) fieldErrors[child.path] = child.message;
    const hasFields = Object.keys(fieldErrors).length > 0;
    return {
      ok: false,
      error: hasFields ? "Some fields need attention." : fault.reason ?? fault.message,
      ...(hasFields ? { fieldErrors } : {}),
    };
  }
}
