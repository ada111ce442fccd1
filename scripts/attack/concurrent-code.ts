// One right code submitted 50 times at once from the same location: exactly one session may come
// of it (SPEC §3 "Concurrent submissions of one right code create one session").
import { db } from "../../lib/db.ts";
import { log } from "../bench/common.ts";
import { codeFor, faultCode, login, newAccount, newFingerprint, type Target } from "./support.ts";

export interface ConcurrentCodeResult {
  submissions: number;
  /** Answers that were the account (a signed-in session). */
  signedIn: number;
  /** Session rows created for the account by the submissions. */
  sessionsCreated: number;
  answers: Record<string, number>;
  locationState: string | null;
  codesLeft: number;
  target: string;
  met: boolean;
}

export async function attackConcurrentCode(target: Target, submissions: number): Promise<ConcurrentCodeResult> {
  const account = await newAccount(target, "race");
  const fp = newFingerprint();
  const first = await login(target, account, fp.cookie);
  if (first.body?.code !== "kNewLocation") throw new Error(`concurrent code: expected kNewLocation, got ${first.status} ${first.text.slice(0, 200)}`);
  const code = await codeFor(target, account, 1);
  const before = await db().session.count({ where: { accountId: account.id } });
  const replies = await Promise.all(Array.from({ length: submissions }, () => login(target, account, fp.cookie, { verificationToken: code, locationName: "race" })));
  const sessionsCreated = (await db().session.count({ where: { accountId: account.id } })) - before;
  const answers: Record<string, number> = {};
  for (const r of replies) answers[`${r.status} ${faultCode(r)}`] = (answers[`${r.status} ${faultCode(r)}`] ?? 0) + 1;
  const location = await db().location.findFirst({ where: { accountId: account.id }, select: { state: true, id: true } });
  const codesLeft = location ? await db().verificationCode.count({ where: { locationId: location.id } }) : 0;
  const signedIn = replies.filter((r) => r.body?.object === "account").length;
  const result: ConcurrentCodeResult = {
    submissions, signedIn, sessionsCreated, answers, locationState: location?.state ?? null, codesLeft,
    target: "sessions created = 1", met: sessionsCreated === 1 && signedIn === 1,
  };
  log("attack", `concurrent right code: ${submissions} submissions → ${signedIn} signed in, ${sessionsCreated} session(s) created; ${JSON.stringify(answers)}`);
  return result;
}
