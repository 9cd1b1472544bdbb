import { getToken, setToken } from './auth';

/** A non-2xx answer of the API, with its `detail` as the message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function detailOf(body: unknown, status: number): string {
  if (body && typeof body === 'object' && 'detail' in body) {
    const detail = (body as { detail: unknown }).detail;
    if (typeof detail === 'string') return detail;
    if (Array.isArray(detail) && detail[0] && typeof detail[0].msg === 'string') return detail[0].msg;
  }
  return `Request failed (${status})`;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Calls `/api/v1{path}` with the tab's bearer token. A 401 on a signed-in tab signs it out, so
 * the sign-in card comes back instead of a page of errors.
 */
export async function api<T>(path: string, options: { method?: Method; body?: unknown; token?: string } = {}): Promise<T> {
  const token = options.token ?? getToken();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'Unable to reach Mission Control');
  }
  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !options.token && getToken()) setToken(null);
    throw new ApiError(response.status, detailOf(body, response.status));
  }
  return body as T;
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
