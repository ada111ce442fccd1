// What every panel server action answers: success (with optional data) or a message plus field
// errors the form shows beside the fields it kept. No server imports (forms use the type).
export type ActionResult<T = undefined> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };
