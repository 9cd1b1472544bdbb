import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api';
import { setToken } from '../lib/auth';
import type { User } from '../lib/types';
import { Button, inputClass } from './ui';

/**
 * Sign-in card. Local mode: paste the server's LOCAL_AUTH_TOKEN. The token is checked against
 * `/users/me` before it is kept, and only for this tab (sessionStorage).
 */
export function SignIn() {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const token = value.trim();
    if (!token) return setError('Paste your access token.');
    setBusy(true);
    setError(null);
    try {
      await api<User>('/users/me', { token });
      setToken(token);
    } catch (caught) {
      if (caught instanceof ApiError && (caught.status === 401 || caught.status === 403)) setError('This token is not valid for this server.');
      else if (caught instanceof ApiError && caught.status === 0) setError('Unable to reach Mission Control. Is the server running?');
      else setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4">
      <form onSubmit={submit} className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title" className="text-lg font-semibold text-slate-900">
          Sign in to Mission Control
        </h1>
        <p className="mt-2 text-sm text-slate-600">
          Self-hosted (local) mode: paste the server's access token (<code>npm run mc -- token show</code>, or the{' '}
          <code>LOCAL_AUTH_TOKEN</code> it was started with). It is kept only for this browser tab.
        </p>
        <label htmlFor="token" className="mt-4 block text-sm font-medium text-slate-700">
          Access token
        </label>
        <input id="token" type="password" autoComplete="off" className={`${inputClass} mt-1`} value={value} onChange={(e) => setValue(e.target.value)} />
        {error ? (
          <p role="alert" className="mt-2 text-sm text-rose-700">
            {error}
          </p>
        ) : null}
        <Button type="submit" variant="primary" className="mt-4 w-full justify-center" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </Button>
        <p className="mt-4 text-xs text-slate-500">
          Clerk mode (<code>AUTH_MODE=clerk</code>): the hosted Clerk sign-in is not built into this UI yet; paste a Clerk
          session token here, or use the API directly. See <a className="underline" href="/docs">the API docs</a>.
        </p>
      </form>
    </main>
  );
}
