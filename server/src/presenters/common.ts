import { z } from 'zod';

/**
 * Timestamps leave as UTC ISO-8601 with `Z` and milliseconds. Accepts a Date, or timestamp text as
 * PostgreSQL prints it in a UTC session (`2026-12-04 11:18:12.123456+00`, what raw reads of large
 * result sets return), which is rewritten without building a Date; any other text goes through Date.
 */
export const iso = (value: Date | string | null | undefined): string | null =>
  value == null ? null : value instanceof Date ? value.toISOString() : isoFromText(value);

function isoFromText(text: string): string {
  if (text.length >= 22 && text.length <= 29 && text.charCodeAt(10) === 32 && text.endsWith('+00') && text.charCodeAt(4) === 45) {
    const fraction = text.length > 22 ? text.slice(19, -3) : '.';
    return `${text.slice(0, 10)}T${text.slice(11, 19)}${fraction.padEnd(4, '0').slice(0, 4)}Z`;
  }
  return new Date(text).toISOString();
}

export const isoNow = () => new Date().toISOString();

export const Timestamp = z.string().meta({ format: 'date-time', description: 'UTC ISO-8601 timestamp' });
export const Uuid = z.uuid();
export const OkResponse = z.object({ ok: z.literal(true) }).meta({ id: 'OkResponse' });
export const ok = { ok: true as const };

export const ErrorResponse = z
  .object({ detail: z.unknown(), request_id: z.string().optional() })
  .meta({ id: 'ErrorResponse', description: 'Every error: a detail (string, object or list of issues) and the request id' });
