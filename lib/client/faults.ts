// Faults as typed errors. Cortex says fault-or-result by the body's `object`, never by HTTP status
// alone (kNewLocation is a fault sent with HTTP 200), and the client follows that rule.

export interface FaultBody {
  object: "fault";
  name?: string;
  code: string;
  errCode: string;
  status: number;
  message: string;
  reason?: string;
  path?: string;
  faults?: FaultBody[];
}

/** Fault codes the auth API answers (SPEC §1); other strings may appear from newer servers. */
export type FaultCode =
  | "kNewLocation" | "kUnverifiedLocation" | "kInvalidArgument" | "kExpired" | "kLocationAlreadyVerified"
  | "kLocationAccessRevoked" | "kLocationClientMismatch" | "kInvalidFingerprint" | "kFingerprintMismatch"
  | "kInvalidCredentials" | "kAccountLocked" | "kNotLoggedIn" | "kSessionExpired" | "kLoggedInElsewhere"
  | "kCSRFTokenMismatch" | "kInvalidRequestSignature" | "kStaleRequestSignature" | "kAccessDenied"
  | "kValidationError" | "kNotFound" | "kSmsError" | "kTooManyAttempts" | "kTooManyRequests"
  | "kDuplicateKey" | "kUnavailable" | "kError"
  | (string & {});

export class GatehouseFault extends Error {
  readonly code: FaultCode;
  readonly errCode: string;
  /** The fault's status (also the HTTP status, except kNewLocation's 200). */
  readonly status: number;
  readonly reason?: string;
  readonly path?: string;
  /** Child faults: one per bad field for kValidationError; kAccountLocked inside kInvalidCredentials. */
  readonly faults: GatehouseFault[];
  readonly body: FaultBody;

  constructor(body: FaultBody) {
    super(body.reason ? `${body.message} ${body.reason}` : body.message);
    this.name = "GatehouseFault";
    this.code = body.code;
    this.errCode = body.errCode;
    this.status = body.status;
    this.reason = body.reason;
    this.path = body.path;
    this.faults = (body.faults ?? []).map((f) => new GatehouseFault(f));
    this.body = body;
  }

  /** Whether this fault, or one of its children, has the code. */
  has(code: FaultCode): boolean {
    return this.code === code || this.faults.some((f) => f.has(code));
  }
}

export function isGatehouseFault(error: unknown): error is GatehouseFault {
  return error instanceof GatehouseFault;
}

export function isFaultBody(body: unknown): body is FaultBody {
  return typeof body === "object" && body !== null && (body as { object?: unknown }).object === "fault" &&
    typeof (body as { code?: unknown }).code === "string";
}

/** A response that is not Cortex JSON at all (a proxy's HTML error page, say). */
export function unexpectedResponse(status: number, text: string): GatehouseFault {
  return new GatehouseFault({
    object: "fault", code: "kError", errCode: "client.unexpectedResponse", status,
    message: `Unexpected response (HTTP ${status}).`, reason: text.slice(0, 200),
  });
}
