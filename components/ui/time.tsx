// Dates rendered on the server in UTC, with the exact instant in a tooltip and machine-readable.
const formatter = new Intl.DateTimeFormat("en-GB", {
  year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC",
});

export function formatDateTime(date: Date): string {
  return `${formatter.format(date)} UTC`;
}

export function Time({ value, fallback = "—" }: { value: Date | string | null | undefined; fallback?: string }) {
  if (!value) return <span className="text-slate-500">{fallback}</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()} className="whitespace-nowrap">
      {formatDateTime(date)}
    </time>
  );
}
