// For unit tests: the Fault a call throws (anything else is rethrown; success fails the test).
import { Fault, isFault } from "../faults.ts";

export async function catchFault(promise: Promise<unknown>): Promise<Fault> {
  try {
    await promise;
  } catch (e) {
    if (isFault(e)) return e;
    throw e;
  }
  throw new Error("expected a Fault, but the call succeeded");
}
