// Every fault the product can answer, in Cortex's shape. Doors turn a thrown Fault into JSON with
// `toFaultBody()`; anything else that escapes becomes a generic 500 (logged, never echoed).

export interface FaultBody {
  object: "fault";
  name: string;
  code: string;
  errCode: string;
  status: number;
  message: string;
  reason?: string;
  path?: string;
  faults?: FaultBody[];
}

export interface FaultInit {
  reason?: string;
  path?: string;
  faults?: Fault[];
  /** Extra response headers (e.g. Retry-After). Never part of the body. */
  headers?: Record<string, string>;
}

export class Fault extends Error {
  readonly code: string;
  readonly errCode: string;
  readonly status: number;
  readonly reason?: string;
  readonly path?: string;
  readonly faults?: Fault[];
  readonly headers?: Record<string, string>;

  constructor(code: string, errCode: string, status: number, message: string, init: FaultInit = {}) {
    super(message);
    this.name = "Fault";
    this.code = code;
    this.errCode = errCode;
    this.status = status;
    this.reason = init.reason;
    this.path = init.path;
    this.faults = init.faults;
    this.headers = init.headers;
  }

  /** The Cortex JSON body. */
  toBody(): FaultBody {
    const body: FaultBody = {
      object: "fault",
      name: "fault",
      code: this.code,
      errCode: this.errCode,
      status: this.status,
      message: this.message,
    };
    if (this.reason !== undefined) body.reason = this.reason;
    if (this.path !== undefined) body.path = this.path;
    if (this.faults?.length) body.faults = this.faults.map((f) => f.toBody());
    return body;
  }
}

export function isFault(e: unknown): e is Fault {
  return e instanceof Fault;
}

type Make = (init?: FaultInit) => Fault;
const make =
  (code: string, errCode: string, status: number, message: string): Make =>
  (init) =>
    new Fault(code, errCode, status, message, init);

/** The catalogue. Cortex codes are kept exactly (SPEC.md §1); Gatehouse additions are marked. */
export const faults = {
  // Apps and routing
  appNotFound: make("kNotFound", "cortex.notFound.app", 404, "App not found."),
  orgNotFound: make("kNotFound", "cortex.notFound.org", 404, "Org not found."),
  routeNotFound: make("kNotFound", "cortex.notFound.route", 404, "Resource not found."),
  appDisabled: make("kAccessDenied", "cortex.accessDenied.appDisabled", 403, "This app is disabled."),
  // Gatehouse addition: the org's built-in control-panel app cannot be disabled or deleted.
  builtInApp: make("kAccessDenied", "cortex.accessDenied.builtInApp", 403, "The built-in control-panel app cannot be disabled or deleted."),
  appExpired: make("kExpired", "cortex.expired.app", 410, "This app has expired."),
  ipNotAllowed: make("kAccessDenied", "cortex.accessDenied.ipNotAllowed", 403, "Requests from this address are not allowed for this app."),
  methodNotAllowed: make("kInvalidArgument", "cortex.invalidArgument.method", 405, "Method not allowed."),
  // Gatehouse addition: a browser Origin that neither the app (actual request) nor any app of the
  // org (preflight) lists in its CORS origins.
  originNotAllowed: make("kAccessDenied", "cortex.accessDenied.cors", 403, "Cross-origin requests from this origin are not allowed."),

  // Locations and codes
  newLocation: make("kNewLocation", "cortex.success.newLocation", 200, "A verification code was sent to the account's mobile number."),
  unverifiedLocation: make("kUnverifiedLocation", "cortex.accessDenied.unverifiedLocation", 403, "This location is awaiting verification with the code already sent."),
  invalidLocationToken: make("kInvalidArgument", "cortex.invalidArgument.locationToken", 400, "Invalid verification code."),
  expiredLocationToken: make("kExpired", "cortex.expired.locationToken", 410, "The verification code has expired."),
  locationAlreadyVerified: make("kLocationAlreadyVerified", "cortex.invalidArgument.locationAlreadyVerified", 400, "This location is already verified."),
  locationAccessRevoked: make("kLocationAccessRevoked", "cortex.accessDenied.locationAccessRevoked", 403, "Access from this location has been revoked."),
  locationClientMismatch: make("kLocationClientMismatch", "cortex.accessDenied.locationClientMismatch", 403, "This location was verified through another app; a new verification code was sent."),
  invalidFingerprint: make("kInvalidFingerprint", "cortex.invalidArgument.locationFingerprint", 400, "Invalid location fingerprint."),
  fingerprintMismatch: make("kFingerprintMismatch", "cortex.invalidArgument.fingerprintMismatch", 400, "This session belongs to another location."),
  noMobile: make("kNotFound", "cortex.notFound.property", 404, "Two-factor authentication is not available for this account."),
  smsError: make("kSmsError", "cortex.error.smsNotification", 500, "The verification code could not be sent."),
  // Gatehouse additions: verification limits (HTTP 429 with Retry-After).
  tooManyCodeAttempts: make("kTooManyAttempts", "cortex.throttled.locationToken", 429, "Too many wrong verification codes."),
  tooManyCodesSent: make("kTooManyRequests", "cortex.throttled.smsNotification", 429, "Too many verification codes were requested."),

  // Credentials and sessions
  invalidCredentials: make("kInvalidCredentials", "cortex.accessDenied.invalidCredentials", 403, "Invalid email/password combination."),
  accountLocked: make("kAccountLocked", "cortex.accessDenied.accountLocked", 403, "This account is locked after too many failed sign-in attempts."),
  notLoggedIn: make("kNotLoggedIn", "cortex.accessDenied.notLoggedIn", 403, "You are not logged in."),
  sessionExpired: make("kSessionExpired", "cortex.accessDenied.sessionExpired", 403, "Your session has expired."),
  loggedInElsewhere: make("kLoggedInElsewhere", "cortex.accessDenied.loggedInElsewhere", 403, "This session ended because the account signed in elsewhere."),
  csrfTokenMismatch: make("kCSRFTokenMismatch", "cortex.accessDenied.csrfTokenMismatch", 403, "CSRF token mismatch."),
  registrationDisabled: make("kAccessDenied", "cortex.accessDenied.registrationDisabled", 403, "Registration is not enabled for this org."),

  // Signatures and principals
  invalidRequestSignature: make("kInvalidRequestSignature", "cortex.accessDenied.invalidRequestSignature", 403, "Invalid request signature."),
  staleRequestSignature: make("kStaleRequestSignature", "cortex.invalidArgument.staleRequestSignature", 400, "The request signature timestamp is outside the allowed window."),
  principalDenied: make("kAccessDenied", "cortex.accessDenied.principal", 403, "Principal override is not allowed."),
  accessDenied: make("kAccessDenied", "cortex.accessDenied.principal", 403, "Access denied."),
  principalNotFound: make("kNotFound", "cortex.notFound.account", 404, "Principal account not found."),

  // Input
  validation: make("kValidationError", "cortex.invalidArgument.validation", 400, "Validation error."),
  invalidArgument: make("kInvalidArgument", "cortex.invalidArgument.unspecified", 400, "Invalid argument."),
  malformedBody: make("kInvalidArgument", "cortex.invalidArgument.body", 400, "The request body could not be parsed."),
  unsupportedMediaType: make("kInvalidArgument", "cortex.invalidArgument.contentType", 415, "Unsupported content type."),
  bodyTooLarge: make("kInvalidArgument", "cortex.invalidArgument.bodyTooLarge", 413, "The request body is too large."),
  duplicateKey: make("kDuplicateKey", "cortex.conflict.duplicateKey", 409, "Duplicate key."),
  notFound: make("kNotFound", "cortex.notFound.instance", 404, "Not found."),

  // Server
  unavailable: make("kUnavailable", "cortex.error.unavailable", 503, "The service is temporarily unavailable. Try again shortly."),
  internal: make("kError", "cortex.error.unspecified", 500, "An unexpected error occurred."),
} as const;

/** A validation fault with one child fault per bad field. */
export function validationFault(fields: Array<{ path: string; message: string }>): Fault {
  return faults.validation({
    faults: fields.map((f) =>
      new Fault("kInvalidArgument", "cortex.invalidArgument.validation", 400, f.message, { path: f.path }),
    ),
  });
}
