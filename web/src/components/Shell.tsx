import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet } from '@tanstack/react-router';
import { api } from '../lib/api';
import { setToken } from '../lib/auth';
import type { OrganizationListItem, User } from '../lib/types';
import { Button, ErrorBanner } from './ui';

function OrgSwitcher() {
  const client = useQueryClient();
  const orgs = useQuery({ queryKey: ['organizations'], queryFn: () => api<OrganizationListItem[]>('/organizations/me/list') });
  const switchOrg = useMutation({
    mutationFn: (id: string) => api('/organizations/me/active', { method: 'PATCH', body: { organization_id: id } }),
    onSuccess: () => client.invalidateQueries(),
  });
  if (!orgs.data?.length) return null;
  const active = orgs.data.find((org) => org.is_active);
  return (
    <label className="flex items-center gap-2 text-sm text-slate-300">
      <span className="sr-only">Organization</span>
      <select
        aria-label="Organization"
        className="max-w-48 rounded-md border border-slate-600 bg-slate-800 px-2 py-1 text-slate-100"
        value={active?.id ?? ''}
        disabled={switchOrg.isPending}
        onChange={(event) => switchOrg.mutate(event.target.value)}
      >
        {orgs.data.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </select>
    </label>
  );
}

const navClass = 'rounded-md px-2 py-1 text-sm text-slate-300 hover:bg-slate-800 hover:text-white';
const activeNav = { className: 'rounded-md px-2 py-1 text-sm bg-slate-800 text-white' };

/** The signed-in frame: header with navigation, organisation switcher and sign-out. */
export function Shell() {
  const client = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => api<User>('/users/me') });

  function signOut() {
    setToken(null);
    client.clear();
  }

  return (
    <div className="min-h-screen bg-slate-50 text-slate-900">
      <header className="sticky top-0 z-20 border-b border-slate-800 bg-slate-900">
        <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-3 px-4 py-2">
          <Link to="/boards" className="font-semibold text-white">
            Mission Control
          </Link>
          <nav className="flex gap-1" aria-label="Main">
            <Link to="/boards" className={navClass} activeProps={activeNav}>
              Boards
            </Link>
            <Link to="/activity" className={navClass} activeProps={activeNav}>
              Activity
            </Link>
            <a href="/docs" className={navClass}>
              API docs
            </a>
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <OrgSwitcher />
            <span className="hidden text-sm text-slate-300 sm:inline" data-testid="user-name">
              {me.data?.preferred_name || me.data?.name || me.data?.email || ''}
            </span>
            <Button variant="onDark" onClick={signOut}>
              Sign out
            </Button>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-screen-2xl px-4 py-6">
        <ErrorBanner error={me.error} title="Could not load your profile" />
        <Outlet />
      </main>
    </div>
  );
}
