import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names tried, in order, when a webhook has no custom signature header. */
export const DEFAULT_SIGNATURE_HEADERS = ['x-hub-signature-256', 'x-webhook-signature'] as const;

/** An HTTP header name (RFC 9110 token). */
export const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export type SignatureCheck = { ok: true } | { ok: false; detail: 'Missing webhook signature header.' | 'Invalid webhook signature.' };

/** The signature a request presents: the custom header when set, else the defaults in order. */
export function presentedSignature(headers: Record<string, string | string[] | undefined>, customHeader: string | null): string | null {
  const names = customHeader ? [customHeader.toLowerCase()] : DEFAULT_SIGNATURE_HEADERS;
  for (const name of names) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined && value.trim() !== '') return value;
  }
  return null;
}

/** Lower-case hex HMAC-SHA256 of the exact bytes received. */
export function signBody(secret: string, body: Uint8Array): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex');
}

/**
 * Checks `sha256=<hex>` (prefix optional and case-insensitive, hex in any case) against the HMAC of
 * the raw body, in constant time for every input of the right length.
 */
export function verifySignature(secret: string, body: Uint8Array, presented: string | null): SignatureCheck {
  if (presented === null) return { ok: false, detail: 'Missing webhook signature header.' };
  const value = presented.trim().replace(/^sha256=/i, '').trim().toLowerCase();
  const expected = Buffer.from(signBody(secret, body), 'utf8');
  const actual = Buffer.from(value, 'utf8');
  // Compare equal-length buffers always, so the time taken does not depend on where they differ.
  const same = actual.length === expected.length ? timingSafeEqual(actual, expected) : (timingSafeEqual(expected, expected), false);
  return same ? { ok: true } : { ok: false, detail: 'Invalid webhook signature.' };
}
