// 403 inside the panel: signed in, but the account's role may not open this page.
import { OverviewLink } from "@/components/panel/overview-link.tsx";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-xl py-12 text-center" data-testid="forbidden">
      <p className="text-sm font-semibold text-indigo-700">403 · Forbidden</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">You don’t have access to this page</h1>
      <p className="mt-3 text-sm text-slate-600">
        Organization settings, apps, accounts and the audit log are for administrators and developers. Your account is a member
        account. If you need access, ask an administrator of this organization to give your account the admin or developer role.
      </p>
      <div className="mt-6">
        <OverviewLink />
      </div>
    </div>
  );
}
