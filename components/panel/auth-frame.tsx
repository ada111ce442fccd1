// The centred frame of the sign-in and landing pages.
import type { ReactNode } from "react";
import { Logo } from "./shell.tsx";

export function AuthFrame({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex items-center gap-3 px-6 py-5">
        <Logo className="size-8" />
        <span className="text-sm font-semibold text-slate-900">Gatehouse</span>
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pt-8 pb-16 sm:pt-16">
        <div className="w-full max-w-md">
          <div className="mb-6 text-center">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
            {subtitle && <div className="mt-2 text-sm text-slate-600">{subtitle}</div>}
          </div>
          <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">{children}</div>
          {footer && <div className="mt-6 text-center text-sm text-slate-600">{footer}</div>}
        </div>
      </main>
      <footer className="px-6 py-4 text-center text-xs text-slate-600">
        New devices are verified with a code sent by text message.
      </footer>
    </div>
  );
}
