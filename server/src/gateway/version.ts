// CalVer handling for OpenClaw gateway versions (`YYYY.M.D` or `YYYY.M.D-REV`, optional `v`).

export interface CalVer {
  year: number;
  month: number;
  day: number;
  rev: number;
}

export const DEFAULT_GATEWAY_MIN_VERSION = '2026.02.9';
const FALLBACK_MIN_VERSION = '2026.1.30';

const CALVER = /^v?(\d{4})\.(\d{1,2})\.(\d{1,2})(?:-(\d+))?$/i;

export function parseCalVer(text: string | null | undefined): CalVer | null {
  const match = CALVER.exec((text ?? '').trim());
  if (!match) return null;
  const [year, month, day, rev] = [match[1], match[2], match[3], match[4] ?? '0'].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day, rev };
}

export function compareCalVer(a: CalVer, b: CalVer): number {
  return a.year - b.year || a.month - b.month || a.day - b.day || a.rev - b.rev;
}

export type VersionCheck =
  | { ok: true; version: string }
  | { ok: false; reason: 'invalid_minimum' | 'unknown' | 'bad_format' | 'too_old'; message: string };

/**
 * Checks a gateway's reported version against the configured minimum. A blank minimum falls
 * back to the built-in floor; an unparsable minimum is a server configuration error.
 */
export function checkGatewayVersion(reported: string | null | undefined, minimum?: string | null): VersionCheck {
  const minText = minimum?.trim() ? minimum.trim() : FALLBACK_MIN_VERSION;
  const min = parseCalVer(minText);
  if (!min) {
    return {
      ok: false,
      reason: 'invalid_minimum',
      message: `Server configuration error: GATEWAY_MIN_VERSION is invalid. Expected CalVer 'YYYY.M.D' or 'YYYY.M.D-REV', got '${minText}'.`,
    };
  }
  const value = reported?.trim() ?? '';
  if (!value) {
    return {
      ok: false,
      reason: 'unknown',
      message: `Unable to determine gateway version from runtime metadata. Minimum supported version is ${minText}.`,
    };
  }
  const parsed = parseCalVer(value);
  if (!parsed) {
    return {
      ok: false,
      reason: 'bad_format',
      message: `Gateway reported an unsupported version format '${value}'. Minimum supported version is ${minText}.`,
    };
  }
  if (compareCalVer(parsed, min) < 0) {
    return {
      ok: false,
      reason: 'too_old',
      message: `Gateway version ${value} is not supported. Minimum supported version is ${minText}.`,
    };
  }
  return { ok: true, version: value };
}
