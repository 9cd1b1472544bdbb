// The bearer token of this tab: kept in memory and in sessionStorage, so it dies with the tab and
// is never written to localStorage or a cookie.
const KEY = 'mc.token';

let token: string | null = null;
const listeners = new Set<() => void>();

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  if (token === null) token = storage()?.getItem(KEY) ?? null;
  return token;
}

export function setToken(value: string | null): void {
  token = value;
  if (value) storage()?.setItem(KEY, value);
  else storage()?.removeItem(KEY);
  listeners.forEach((listener) => listener());
}

export function subscribeToken(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
