// Code guessing against one location. Two figures side by side:
//  - what lib/auth/limits.ts allows (verificationLimits), and the resulting chance of guessing a
//    6-digit code within a day;
//  - what the server actually accepted when hammered with wrong codes over a simulated day:
//    each "hour" we guess until the server stops counting guesses, then move the account's
//    rate-limit events and codes back one hour in SQL (instead of waiting), 24 times.
// A guess is "accepted" when the server checked it against the code (and counted it), i.e. when
// it answered "wrong code" or burned the code — not when it refused to look (throttled).
import { randomInt } from "node:crypto";
import { db } from "../../lib/db.ts";
import { limitKeys, verificationLimits as limits } from "../../lib/auth/limits.ts";
import { log } from "../bench/common.ts";
import { ageCodes, ageRateEvents, codeFor, faultCode, login, newAccount, newFingerprint, type Reply, type Target } from "./support.ts";

const CODE_SPACE = 1_000_000;
const HOUR_S = 3600;

export interface CodeGuessingResult {
  limits: {
    wrongTriesPerCode: number;
    wrongCodesPerAccountPerHour: number;
    wrongCodesPerAccountPerDay: number;
    codesPerLocationPerHour: number;
    attemptsPerHour: number;
    attemptsPerDay: number;
    /** Chance of guessing within a day at the allowed rate (exact, guesses within a code distinct). */
    probabilityPerDay: number;
  };
  measured: {
    simulatedHours: number;
    /** Most guesses the server accepted within one simulated hour. */
    attemptsPerHour: number;
    /** Guesses accepted over 24 simulated hours. */
    attemptsPerDay: number;
    acceptedPerHour: number[];
    /** wrong-code rate events in the database for the account (cross-check of attemptsPerDay). */
    recordedWrongCodeEvents: number;
    codesTexted: number;
    requests: number;
    /** Guesses the server refused to check (429 kTooManyAttempts "for this account"). */
    refusedWhileBlocked: number;
    /** While blocked, the RIGHT code was refused too (the limit does not leak which guess was right). */
    rightCodeRefusedWhileBlocked: boolean | null;
    guessedRight: number;
    probabilityPerDay: number;
  };
  target: string;
  met: boolean;
  seconds: number;
}

/** Chance that at least one of `guesses` spread over codes of `perCode` distinct guesses hits. */
function probabilityOfGuessing(guesses: number, perCode: number): number {
  const fullCodes = Math.floor(guesses / perCode);
  const rest = guesses % perCode;
  const miss = (1 - perCode / CODE_SPACE) ** fullCodes * (1 - rest / CODE_SPACE);
  return 1 - miss;
}

function wrongGuess(right: string, tried: Set<string>): string {
  for (;;) {
    const g = String(randomInt(0, CODE_SPACE)).padStart(6, "0");
    if (g !== right && !tried.has(g)) return g;
  }
}

export async function attackCodeGuessing(target: Target): Promise<CodeGuessingResult> {
  const started = performance.now();
  const attemptsPerHour = Math.min(limits.wrongCodesPerHour, limits.codesPerLocationPerHour * limits.codeAttempts);
  const attemptsPerDay = Math.min(limits.wrongCodesPerDay, attemptsPerHour * 24);
  const limitFigures = {
    wrongTriesPerCode: limits.codeAttempts,
    wrongCodesPerAccountPerHour: limits.wrongCodesPerHour,
    wrongCodesPerAccountPerDay: limits.wrongCodesPerDay,
    codesPerLocationPerHour: limits.codesPerLocationPerHour,
    attemptsPerHour,
    attemptsPerDay,
    probabilityPerDay: probabilityOfGuessing(attemptsPerDay, limits.codeAttempts),
  };

  const account = await newAccount(target, "guess");
  const fp = newFingerprint();
  let requests = 0;
  let codesTexted = 0;
  const call = async (location?: Record<string, unknown>): Promise<Reply> => {
    requests++;
    return login(target, account, fp.cookie, location);
  };

  /** Get a live code for the location (asking for a resend once the cool-down has passed). */
  const freshCode = async (): Promise<string | null> => {
    let r = await call();
    if (r.body?.code === "kUnverifiedLocation") {
      await ageCodes(account.id, limits.resendCooldownMs / 1000 + 1);
      r = await call();
    }
    if (r.body?.code !== "kNewLocation") return null; // e.g. too many codes sent this hour
    codesTexted++;
    return codeFor(target, account, codesTexted);
  };

  const acceptedPerHour: number[] = [];
  let refused = 0;
  let guessedRight = 0;
  let right: string | null = await freshCode();
  if (!right) throw new Error("code guessing: the first sign-in did not text a code");
  const tried = new Set<string>();

  for (let hour = 0; hour < 24; hour++) {
    let accepted = 0;
    for (let attempt = 0; attempt < 200; attempt++) {
      if (!right) {
        right = await freshCode();
        tried.clear();
        if (!right) break; // no code can be had this hour
      }
      const guess = wrongGuess(right, tried);
      tried.add(guess);
      const r = await call({ verificationToken: guess });
      const reason = String(r.body?.reason ?? "");
      if (r.body?.object === "account") {
        guessedRight++;
        break;
      }
      if (r.body?.code === "kInvalidArgument" && /wrong code/i.test(reason)) {
        accepted++;
      } else if (r.body?.code === "kTooManyAttempts" && /no longer works/i.test(reason)) {
        accepted++; // this guess was checked and burned the code
        right = null;
      } else if (r.body?.code === "kTooManyAttempts" && /for this account/i.test(reason)) {
        refused++;
        break; // blocked for now: the server no longer looks at guesses
      } else if (r.body?.code === "kTooManyAttempts" || r.body?.code === "kExpired" || /no verification code/i.test(reason)) {
        right = null; // burned, expired or gone: get another
      } else {
        throw new Error(`code guessing: unexpected answer ${r.status} ${faultCode(r)} ${reason}`);
      }
    }
    acceptedPerHour.push(accepted);
    if (hour === 23) break;
    // An hour passes for this account's limits and codes.
    const location = await db().location.findFirst({ where: { accountId: account.id }, select: { id: true } });
    await ageRateEvents([limitKeys.wrongCodes(account.id), ...(location ? [limitKeys.codesSent(location.id)] : [])], HOUR_S + 1);
    await ageCodes(account.id, HOUR_S + 1);
    right = null;
  }

  // Blocked at the end of the day? Then even the right code must be refused.
  let rightCodeRefusedWhileBlocked: boolean | null = null;
  const probe = await call({ verificationToken: "000000" });
  if (probe.body?.code === "kTooManyAttempts" && /for this account/i.test(String(probe.body?.reason ?? ""))) {
    const live = await db().verificationCode.findFirst({ where: { accountId: account.id, burnedAt: null, expiresAt: { gt: new Date() } } });
    if (live && right) {
      const r = await call({ verificationToken: right });
      rightCodeRefusedWhileBlocked = r.body?.object !== "account";
    }
  }

  const recorded = await db().rateEvent.count({ where: { key: limitKeys.wrongCodes(account.id) } });
  const perDay = acceptedPerHour.reduce((a, b) => a + b, 0);
  const measuredProbability = probabilityOfGuessing(perDay, limits.codeAttempts);
  const result: CodeGuessingResult = {
    limits: limitFigures,
    measured: {
      simulatedHours: acceptedPerHour.length,
      attemptsPerHour: Math.max(...acceptedPerHour),
      attemptsPerDay: perDay,
      acceptedPerHour,
      recordedWrongCodeEvents: recorded,
      codesTexted,
      requests,
      refusedWhileBlocked: refused,
      rightCodeRefusedWhileBlocked,
      guessedRight,
      probabilityPerDay: measuredProbability,
    },
    target: "probability of guessing a 6-digit code in a day < 1e-4",
    met: Math.max(measuredProbability, limitFigures.probabilityPerDay) < 1e-4 && guessedRight === 0,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  log("attack", `code guessing: limits allow ${attemptsPerHour}/hour, ${attemptsPerDay}/day (p = ${limitFigures.probabilityPerDay.toExponential(2)}); ` +
    `server accepted ${result.measured.attemptsPerHour}/hour, ${perDay}/day over ${acceptedPerHour.length} simulated hours (p = ${measuredProbability.toExponential(2)})`);
  return result;
}
