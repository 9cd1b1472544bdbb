import { z } from 'zod';

/** Timestamps leave as UTC ISO-8601 with `Z`. */
export const iso = (value: Date | string | null | undefined): string | null =>
  value == null ? null : (value instanceof Date ? value : new Date(value)).toISOString();

export const isoNow = () => new Date().toISOString();

export const Timestamp = z.string().meta({ format: 'date-time', description: 'UTC ISO-8601 timestamp' });
export const Uuid = z.uuid();
export const OkResponse = z.object({ ok: z.literal(true) }).meta({ id: 'OkResponse' });
export const ok = { ok: true as const };

export const ErrorResponse = z
  .object({ detail: z.unknown(), request_id: z.string().optional() })
  .meta({ id: 'ErrorResponse', description: 'Every error: a detail (string, object or list of issues) and the request id' });
