import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startFakeTwilio, type FakeTwilio } from "../../scripts/fake-twilio.ts";
import { FakeTwilioClient, readOutboxCodes } from "../../e2e/support/sms.ts";
import { createTwilioTransport } from "./twilio.ts";
import { createOutboxTransport } from "./outbox.ts";
import { composeNewSignInNotice, composeVerificationSms } from "./messages.ts";
import { phoneEnding } from "./index.ts";

const ACCOUNT_SID = "AC" + "1234abcd".repeat(4);
const AUTH_TOKEN = "test-auth-token-" + "x".repeat(16);
const FROM = "+15550001111";

let fake: FakeTwilio;
let control: FakeTwilioClient;
let dir: string;

beforeAll(async () => {
  fake = await startFakeTwilio({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  control = new FakeTwilioClient(fake.url);
  dir = await mkdtemp(path.join(tmpdir(), "gatehouse-sms-"));
});

afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await control.clear();
  await control.clearFailures();
});

const transportFor = (overrides: { authToken?: string; from?: string; apiBase?: string } = {}) =>
  createTwilioTransport({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, apiBase: fake.url, ...overrides });

describe("Twilio transport against the fake Twilio server", () => {
  it("sends To/From/Body with Basic auth and returns the message SID", async () => {
    const { id } = await transportFor().send({ to: "+15551234577", body: "123456 is your code" });

    expect(id).toMatch(/^SM[0-9a-f]{32}$/);
    const messages = await control.messages("+15551234577");
    expect(messages).toEqual([
      { sid: id, to: "+15551234577", from: FROM, body: "123456 is your code", at: expect.any(String) },
    ]);
  });

  it("rejects with Twilio's 401 when the credentials are wrong", async () => {
    const send = transportFor({ authToken: "wrong-token" }).send({ to: "+15551234577", body: "x" });
    await expect(send).rejects.toMatchObject({ status: 401, code: 20003 });
    expect(await control.messages()).toEqual([]);
  });

  it("rejects when the fake is told to fail a number, and recovers when cleared", async () => {
    await control.failFor("+15551230000");
    const transport = transportFor();
    await expect(transport.send({ to: "+15551230000", body: "x" })).rejects.toMatchObject({ status: 400, code: 21610 });
    await transport.send({ to: "+15559999999", body: "other numbers still work" });

    await control.clearFailures();
    await expect(transport.send({ to: "+15551230000", body: "x" })).resolves.toMatchObject({ id: expect.stringMatching(/^SM/) });
  });

  it("honours a scripted code and status", async () => {
    await control.failFor("+15551230000", { code: 30003, status: 503 });
    await expect(transportFor().send({ to: "+15551230000", body: "x" })).rejects.toMatchObject({ status: 503, code: 30003 });
  });

  it("rejects a To that is not E.164 with 21211", async () => {
    await expect(transportFor().send({ to: "555-1234", body: "x" })).rejects.toMatchObject({ status: 400, code: 21211 });
  });

  it("sends through a Messaging Service when `from` is an MG SID", async () => {
    const service = "MG" + "0".repeat(32);
    await transportFor({ from: service }).send({ to: "+15551234577", body: "hi" });
    expect((await control.messages("+15551234577"))[0].from).toBe(service);
  });
});

describe("FakeTwilioClient.waitForCode", () => {
  it("waits for a message beyond `after` and returns the newest code", async () => {
    const to = "+15551234577";
    const transport = transportFor();
    await transport.send({ to, body: composeVerificationSms("111111", "Acme") });
    const seen = (await control.messages(to)).length;

    const waiting = control.waitForCode(to, { after: seen, timeoutMs: 3000 });
    setTimeout(() => void transport.send({ to, body: composeVerificationSms("222222", "Acme") }), 150);
    await expect(waiting).resolves.toBe("222222");
  });

  it("times out when nothing new arrives", async () => {
    await expect(control.waitForCode("+15550000000", { timeoutMs: 300 })).rejects.toThrow(/No new SMS/);
  });
});

describe("outbox transport", () => {
  it("appends one parseable JSON line per message, even when sends overlap", async () => {
    const file = path.join(dir, "nested", "outbox.jsonl");
    const transport = createOutboxTransport(file, { echo: false });
    const log = vi.spyOn(console, "log").mockImplementation(() => {});

    const sent = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        transport.send({ to: `+1555000${String(i).padStart(4, "0")}`, body: composeVerificationSms(String(100000 + i), "Acme") }),
      ),
    );

    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
    expect(new Set(sent.map((s) => s.id)).size).toBe(25);
    expect(sent[0].id).toMatch(/^outbox-/);
    const lines = (await readFile(file, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(25);
    const entries = lines.map((line) => JSON.parse(line) as { to: string; body: string; at: string });
    expect(entries.map((e) => e.to).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `+1555000${String(i).padStart(4, "0")}`));
    for (const e of entries) {
      expect(Object.keys(e)).toEqual(["to", "body", "at"]);
      expect(new Date(e.at).toISOString()).toBe(e.at);
    }
    expect(await readOutboxCodes(file, "+15550000007")).toEqual(["100007"]);
  });

  it("echoes to the console when asked (development)", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await createOutboxTransport(path.join(dir, "echo.jsonl"), { echo: true }).send({ to: "+15551234577", body: "654321 hi" });
    expect(log).toHaveBeenCalledWith("[sms outbox] to +1…77: 654321 hi");
    log.mockRestore();
  });

  it("readOutboxCodes returns codes in order and [] for a missing file", async () => {
    const file = path.join(dir, "codes.jsonl");
    const transport = createOutboxTransport(file, { echo: false });
    for (const code of ["000001", "000002", "000003"]) {
      await transport.send({ to: "+15551234577", body: composeVerificationSms(code, "Acme") });
    }
    await transport.send({ to: "+15550000000", body: composeVerificationSms("999999", "Acme") });
    expect(await readOutboxCodes(file, "+15551234577")).toEqual(["000001", "000002", "000003"]);
    expect(await readOutboxCodes(path.join(dir, "missing.jsonl"), "+15551234577")).toEqual([]);
  });
});

describe("sendSms", () => {
  const saved = { ...process.env };

  // getEnv() caches process.env on first use, so each case loads fresh modules after setting it.
  async function loadWithEnv(vars: Record<string, string>) {
    for (const key of Object.keys(process.env)) {
      if (key.startsWith("TWILIO_") || key === "SMS_OUTBOX_FILE") delete process.env[key];
    }
    Object.assign(process.env, { GATEHOUSE_SECRET: "test-secret-".padEnd(40, "s"), ...vars });
    vi.resetModules();
    const sms = await import("./index.ts");
    const { isFault } = await import("../faults.ts");
    return { ...sms, isFault };
  }

  const twilioEnv = () => ({
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: FROM,
    TWILIO_API_BASE: fake.url,
  });

  afterEach(() => {
    process.env = { ...saved };
    vi.restoreAllMocks();
  });

  it("sends through Twilio when it is configured", async () => {
    const { sendSms } = await loadWithEnv(twilioEnv());
    const { id } = await sendSms({ to: "+15551234577", body: composeVerificationSms("123456", "Acme") });
    expect(id).toMatch(/^SM/);
    expect(await control.waitForCode("+15551234577")).toBe("123456");
  });

  it("turns a Twilio error into kSmsError and logs neither body nor code", async () => {
    const { sendSms, isFault } = await loadWithEnv(twilioEnv());
    await control.failFor("+15551234577");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});

    const error = await sendSms({ to: "+15551234577", body: composeVerificationSms("987654", "Acme") }).catch((e: unknown) => e);

    expect(isFault(error)).toBe(true);
    expect(error).toMatchObject({ code: "kSmsError", errCode: "cortex.error.smsNotification", status: 500 });
    expect((error as Error).cause).toBeUndefined();
    expect(errors).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(errors.mock.calls);
    expect(logged).toContain("…77");
    expect(logged).toContain("21610");
    expect(logged).not.toContain("987654");
    expect(logged).not.toContain("verification code");
    expect(logged).not.toContain("+15551234577");
  });

  it("turns a network failure into kSmsError without logging the request", async () => {
    const closed = await startFakeTwilio({ port: 0 });
    await closed.close(); // a port nothing listens on
    const { sendSms } = await loadWithEnv({ ...twilioEnv(), TWILIO_API_BASE: closed.url });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});

    await expect(sendSms({ to: "+15551234577", body: "246810 is your code" })).rejects.toMatchObject({ code: "kSmsError" });
    const logged = JSON.stringify(errors.mock.calls);
    expect(logged).toContain("ECONNREFUSED");
    expect(logged).not.toContain("246810");
  });

  it("writes to the outbox file when Twilio is not configured", async () => {
    const file = path.join(dir, "env-outbox.jsonl");
    const { sendSms, getSmsTransport } = await loadWithEnv({ SMS_OUTBOX_FILE: file });
    vi.spyOn(console, "log").mockImplementation(() => {});

    const { id } = await sendSms({ to: "+15551234577", body: composeVerificationSms("135790", "Acme") });
    expect(id).toMatch(/^outbox-/);
    expect(await readOutboxCodes(file, "+15551234577")).toEqual(["135790"]);
    expect(getSmsTransport()).toBe(getSmsTransport()); // one transport per process
  });
});

describe("messages", () => {
  it("composes the verification text with the code first", () => {
    expect(composeVerificationSms("123456", "Acme")).toBe(
      "123456 is your Acme verification code. It expires in 10 minutes. Do not share it.",
    );
    expect(composeVerificationSms("123456", "Acme", { webOtpHost: "acme.example.com" })).toMatch(
      /\n\n@acme\.example\.com #123456$/,
    );
  });

  it("keeps names on one line", () => {
    expect(composeVerificationSms("123456", "Acme\n\n@evil.example #123456")).not.toContain("\n");
  });

  it("composes the new sign-in notice with and without a location", () => {
    expect(composeNewSignInNotice("Acme")).toBe(
      "New sign-in to your Acme account. If this wasn't you, contact your administrator.",
    );
    expect(composeNewSignInNotice("Acme", "Chrome on macOS")).toBe(
      "New sign-in to your Acme account from Chrome on macOS. If this wasn't you, contact your administrator.",
    );
  });

  it("phoneEnding keeps the last two digits", () => {
    expect(phoneEnding("+15551234577")).toBe("77");
  });
});
