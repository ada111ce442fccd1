import type { ReactNode } from "react";
import { cx } from "./cx.ts";

export function Card({ title, description, actions, footer, children, className, id }: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  footer?: ReactNode;
  children?: ReactNode;
  className?: string;
  id?: string;
}) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section id={id} aria-labelledby={headingId} className={cx("rounded-lg bg-white shadow-sm ring-1 ring-slate-200", className)}>
      {(title || actions) && (
        <div className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 px-5 py-4">
          <div>
            {title && <h2 id={headingId} className="text-base font-semibold text-slate-900">{title}</h2>}
            {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
          </div>
          {actions && <div className="flex items-center gap-2">{actions}</div>}
        </div>
      )}
      {children !== undefined && <div className="px-5 py-4">{children}</div>}
      {footer && <div className="flex items-center justify-end gap-3 rounded-b-lg border-t border-slate-200 bg-slate-50 px-5 py-3">{footer}</div>}
    </section>
  );
}
