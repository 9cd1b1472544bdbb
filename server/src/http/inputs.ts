import { z } from 'zod';

/** A trimmed string that must not be blank; `message` is the 422 text for blank or missing. */
export const NonEmpty = (message: string, max = 10_000) =>
  z.string({ error: message }).trim().min(1, message).max(max);

/**
 * An instant from ISO-8601 text: with `Z` or an offset, naive (read as UTC), or a bare date
 * (midnight UTC, so it never lands on the previous day anywhere).
 */
export const DateTimeInput = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const text = value.trim();
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
    const iso = dateOnly ? `${text}T00:00:00Z` : zoned ? text : `${text}Z`;
    const date = /^\d{4}-\d{2}-\d{2}[T ]/.test(iso) || dateOnly ? new Date(iso.replace(' ', 'T')) : new Date(NaN);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'Invalid datetime: use ISO-8601, e.g. 2026-03-10T12:00:00Z' });
      return z.NEVER;
    }
    return date;
  })
  .meta({ format: 'date-time' });
