"use client";
// The panel's navigation; the current section is marked for sight and for screen readers.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx.ts";

export interface NavItem {
  href: string;
  label: string;
  icon: string;
  /** Also current for deeper paths (/accounts/123). */
  prefix?: boolean;
}

export interface NavGroup {
  label?: string;
  items: NavItem[];
}

export function NavLinks({ groups }: { groups: NavGroup[] }) {
  const pathname = usePathname();
  return (
    <div className="space-y-6">
      {groups.map((group, i) => (
        <div key={group.label ?? i}>
          {group.label && <p className="px-3 pb-2 text-xs font-semibold tracking-wide text-slate-400 uppercase">{group.label}</p>}
          <ul className="space-y-1">
            {group.items.map((item) => {
              const current = pathname === item.href || (item.prefix && pathname.startsWith(`${item.href}/`));
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={current ? "page" : undefined}
                    className={cx(
                      "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
                      "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white",
                      current ? "bg-slate-800 text-white" : "text-slate-300 hover:bg-slate-800 hover:text-white",
                    )}
                  >
                    <svg className="size-5 shrink-0" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
                      <path strokeLinecap="round" strokeLinejoin="round" d={item.icon} />
                    </svg>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}
