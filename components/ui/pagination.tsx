import Link from "next/link";
import { buttonClass } from "./button.tsx";

/** Previous / next links that keep the other query parameters. */
export function Pagination({ page, pageCount, total, label, hrefFor }: {
  page: number;
  pageCount: number;
  total: number;
  label: string;
  hrefFor: (page: number) => string;
}) {
  return (
    <nav aria-label={`${label} pages`} className="flex items-center justify-between gap-4 text-sm text-slate-700">
      <p>
        Page <span className="font-medium">{page}</span> of <span className="font-medium">{pageCount}</span> · {total} {total === 1 ? "item" : "items"}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link className={buttonClass("secondary", "sm")} href={hrefFor(page - 1)} rel="prev">Previous</Link>
        ) : (
          <span className={buttonClass("secondary", "sm", "opacity-50")} aria-disabled="true">Previous</span>
        )}
        {page < pageCount ? (
          <Link className={buttonClass("secondary", "sm")} href={hrefFor(page + 1)} rel="next">Next</Link>
        ) : (
          <span className={buttonClass("secondary", "sm", "opacity-50")} aria-disabled="true">Next</span>
        )}
      </div>
    </nav>
  );
}
