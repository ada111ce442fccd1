"use client";
// The one-time reveal of an app secret (after create or regenerate). The secret lives only in this
// component's memory: dismissing it, reloading or leaving the page loses it for good.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { RevealedSecret } from "./actions.ts";
import { Button } from "@/components/ui/button.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";

type Reveal = RevealedSecret & { kind: "created" | "regenerated" };

interface RevealState {
  reveal: Reveal | null;
  setReveal: (reveal: Reveal | null) => void;
}

const RevealContext = createContext<RevealState>({ reveal: null, setReveal: () => {} });

/** Show a one-time secret in the page's reveal slot. */
export function useRevealSecret() {
  const { setReveal } = useContext(RevealContext);
  return (reveal: Reveal) => setReveal(reveal);
}

export function SecretRevealProvider({ children }: { children: ReactNode }) {
  const [reveal, setReveal] = useState<Reveal | null>(null);
  return <RevealContext.Provider value={{ reveal, setReveal }}>{children}</RevealContext.Provider>;
}

/** Where the revealed secret appears (under the page title). */
export function SecretRevealSlot() {
  const { reveal, setReveal } = useContext(RevealContext);
  return reveal ? <SecretPanel reveal={reveal} onDone={() => setReveal(null)} /> : null;
}

function SecretPanel({ reveal, onDone }: { reveal: Reveal; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [reveal]);
  return (
    <section aria-labelledby="secret-reveal-title" className="mb-6 rounded-lg bg-amber-50 p-5 ring-1 ring-amber-300" data-testid="secret-reveal">
      <h2 id="secret-reveal-title" ref={heading} tabIndex={-1} className="text-base font-semibold text-amber-950 focus:outline-none">
        {reveal.kind === "created" ? `“${reveal.app.name}” was created` : `New secret for “${reveal.app.name}”`}
      </h2>
      <p className="mt-1 text-sm text-amber-950">
        Copy the secret now and store it somewhere safe: <strong>it will not be shown again</strong>.
        {reveal.kind === "regenerated" && " The previous secret has stopped working."}
      </p>
      <dl className="mt-4 space-y-3 text-sm">
        <div>
          <dt className="font-medium text-amber-950">API key</dt>
          <dd className="mt-1 flex flex-wrap items-center gap-3">
            <code className="rounded bg-white px-2 py-1 font-mono text-slate-900 ring-1 ring-amber-200" data-testid="revealed-key">{reveal.app.key}</code>
            <CopyButton value={reveal.app.key} label="Copy key" />
          </dd>
        </div>
        <div>
          <dt className="font-medium text-amber-950">Secret</dt>
          <dd className="mt-1 flex flex-wrap items-center gap-3">
            <code className="rounded bg-white px-2 py-1 font-mono break-all text-slate-900 ring-1 ring-amber-200" data-testid="revealed-secret">{reveal.secret}</code>
            <CopyButton value={reveal.secret} label="Copy secret" />
          </dd>
        </div>
      </dl>
      <div className="mt-4">
        <Button variant="secondary" size="sm" onClick={onDone}>I have stored the secret</Button>
      </div>
    </section>
  );
}
