// `iso` turns timestamps into the API's UTC ISO-8601 form. Raw reads hand it PostgreSQL's text
// (`2026-12-04 11:18:12.123456+00`), rewritten without a Date; the answer must be exactly what the
// Date path gives for the same instant (milliseconds, truncated microseconds, `Z`).
import { describe, expect, it } from 'vitest';
import { iso } from '../../src/presenters/common';

/** PostgreSQL's text for an instant in a UTC session: microseconds with trailing zeros trimmed. */
function pgText(ms: number, micros: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const fraction = String(d.getUTCMilliseconds() * 1000 + micros).padStart(6, '0').replace(/0+$/, '');
  return `${base}${fraction ? `.${fraction}` : ''}+00`;
}

describe('iso', () => {
  it('rewrites PostgreSQL UTC text to the same string the Date path gives', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 5_000; i++) {
      const ms = Date.UTC(1970 + (next() % 100), next() % 12, 1 + (next() % 28), next() % 24, next() % 60, next() % 60, next() % 1000);
      const micros = i % 3 === 0 ? 0 : next() % 1000;
      expect(iso(pgText(ms, micros))).toBe(new Date(ms).toISOString());
    }
  });

  it('handles whole seconds, short fractions and the Date and null inputs', () => {
    expect(iso('2026-12-04 11:18:12+00')).toBe('2026-12-04T11:18:12.000Z');
    expect(iso('2026-12-04 11:18:12.1+00')).toBe('2026-12-04T11:18:12.100Z');
    expect(iso('2026-12-04 11:18:12.999999+00')).toBe('2026-12-04T11:18:12.999Z');
    expect(iso(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)))).toBe('2026-01-02T03:04:05.006Z');
    expect(iso(null)).toBeNull();
    expect(iso(undefined)).toBeNull();
  });

  it('converts text with another offset or format through Date', () => {
    expect(iso('2026-12-04 11:18:12.5+05:30')).toBe('2026-12-04T05:48:12.500Z');
    expect(iso('2026-12-04 11:18:12+01')).toBe('2026-12-04T10:18:12.000Z');
    expect(iso('2026-12-04T11:18:12.250Z')).toBe('2026-12-04T11:18:12.250Z');
  });
});
