// Human names for audit event types (the audit log, the overview and the account page).
/** The badge colours the panel uses (components/ui/badge.tsx). */
export type AuditTone = "neutral" | "green" | "amber" | "red" | "indigo" | "blue";

export const AUDIT_LABELS: Record<string, { label: string; tone: AuditTone }> = {
  "login.succeeded": { label: "Signed in", tone: "green" },
  "login.failed": { label: "Sign-in failed", tone: "red" },
  "account.registered": { label: "Registered", tone: "indigo" },
  "account.created": { label: "Account created", tone: "indigo" },
  "account.locked": { label: "Account locked", tone: "red" },
  "account.unlocked": { label: "Account unlocked", tone: "amber" },
  "location.created": { label: "New device", tone: "blue" },
  "location.verified": { label: "Device verified", tone: "green" },
  "location.bypassed": { label: "Verification bypassed", tone: "amber" },
  "location.revoked": { label: "Device revoked", tone: "red" },
  "location.rebound": { label: "Device used via another app", tone: "amber" },
  "code.sent": { label: "Code sent", tone: "blue" },
  "code.failed": { label: "Code not sent", tone: "red" },
  "code.rejected": { label: "Wrong code", tone: "red" },
  "code.expired": { label: "Expired code", tone: "amber" },
  "code.throttled": { label: "Code throttled", tone: "red" },
  "session.ended": { label: "Sessions ended", tone: "amber" },
  logout: { label: "Signed out", tone: "neutral" },
  "org.updated": { label: "Settings changed", tone: "indigo" },
  "app.created": { label: "App created", tone: "indigo" },
  "app.secretRegenerated": { label: "Secret regenerated", tone: "amber" },
  "app.enabled": { label: "App enabled", tone: "indigo" },
  "app.disabled": { label: "App disabled", tone: "amber" },
  "app.deleted": { label: "App deleted", tone: "red" },
};

export function auditLabel(type: string): { label: string; tone: AuditTone } {
  return AUDIT_LABELS[type] ?? { label: type, tone: "neutral" };
}

/** The event's detail as short "key: value" pairs (ids of the acting admin resolved by the caller). */
export function describeDetail(detail: Record<string, unknown> | null): string[] {
  if (!detail) return [];
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
}
