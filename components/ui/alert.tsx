import type { ReactNode } from "react";
import { cx } from "./cx.ts";

export type AlertTone = "info" | "success" | "warning" | "error" | "danger";

const tones: Record<AlertTone, string> = {
  info: "bg-sky-50 text-sky-900 ring-sky-200",
  success: "bg-green-50 text-green-900 ring-green-200",
  warning: "bg-amber-50 text-amber-950 ring-amber-300",
  error: "bg-red-50 text-red-900 ring-red-200",
  danger: "bg-red-600 text-white ring-red-700",
};

const icons: Record<AlertTone, string> = {
  info: "M12 8h.01M11 12h1v4h1m-1 5a9 9 0 1 1 0-18 9 9 0 0 1 0 18Z",
  success: "m9 12 2 2 4-4m6 2a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z",
  warning: "M12 9v4m0 4h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z",
  error: "M12 8v4m0 4h.01M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z",
  danger: "M12 9v4m0 4h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z",
};

/** A message box. `live` makes screen readers announce it when it appears or changes. */
export function Alert({ tone = "info", title, children, className, live, id, testId }: {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
  live?: boolean;
  id?: string;
  testId?: string;
}) {
  const role = live ? (tone === "error" || tone === "danger" ? "alert" : "status") : undefined;
  return (
    <div id={id} role={role} data-testid={testId} className={cx("flex gap-3 rounded-md p-3.5 text-sm ring-1 ring-inset", tones[tone], className)}>
      <svg className="mt-0.5 size-5 shrink-0" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
        <path strokeLinecap="round" strokeLinejoin="round" d={icons[tone]} />
      </svg>
      <div className="space-y-1">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div>{children}</div>}
      </div>
    </div>
  );
}
