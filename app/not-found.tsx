import Link from "next/link";
import { buttonClass } from "@/components/ui/button.tsx";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-6 py-24 text-center">
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Page not found</h1>
      <p className="mt-3 text-sm text-slate-600">There is nothing here. If you followed a link to an organization, check its code.</p>
      <div className="mt-6">
        <Link href="/" className={buttonClass("secondary")}>Choose an organization</Link>
      </div>
    </main>
  );
}
