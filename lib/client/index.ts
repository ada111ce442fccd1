// Gatehouse client SDK: import this module (or copy the lib/client folder into your app). No Node-only
// APIs: runs in Node ≥ 18, React Native, browsers, Deno and Bun. See docs/sdk.md.
export { GatehouseClient } from "./client.ts";
export type {
  Account, FetchLike, GatehouseClientOptions, LocationOptions, LoginResult, RawResponse, RegisterInput,
  RequestOptions, StatusResult, VerificationCode,
} from "./client.ts";
export { GatehouseFault, isGatehouseFault, isFaultBody } from "./faults.ts";
export type { FaultBody, FaultCode } from "./faults.ts";
export { signRequest, computeSignature, createNonce, commandFor, defaultHmac } from "./sign.ts";
export type { HmacSha256, SignRequestInput, SignedHeaders } from "./sign.ts";
export { CookieJar, MemoryStateStore } from "./cookies.ts";
export type { StateStore, StoredCookie } from "./cookies.ts";
export { HEADER, SIGNATURE_WINDOW_MS, canonicalCommand, signatureMessage } from "./protocol.ts";
export { hmacSha256Hex } from "./sha256.ts";
