// CalVer handling for OpenClaw gateway versions: `YYYY.M.D`, `YYYY.M.D-REV` (a re-release) or
// `YYYY.M.D-<pre-release>` (e.g. `2026.9.1-beta.1`, before `2026.9.1`), optional leading `v`.

export interface CalVer {
  year: number;
  month: number;
  day: number;
  rev: number;
  /** Pre-release identifiers (`beta.1` → ['beta', '1']); only present for a pre-release. */
  pre?: string[];
}

export const DEFAULT_GATEWAY_MIN_VERSION = '2026.02.9';
const FALLBACK_MIN_VERSION = '2026.1.30';

const CALVER = /^v?(\d{4})\.(\d{1,2})\.(\d{1,2})(?:-(\d+)|-([0-9a-z]+(?:\.[0-9a-z]+)*))?$/i;

export function parseCalVer(text: string | null | undefined): CalVer | null {
  const match = CALVER.exec((text ?? '').trim());
  if (!match) return null;
  const [year, month, day, rev] = [match[1], match[2], match[3], match[4] ?? '0'].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return match[5] ? { year, month, day, rev, pre: match[5].toLowerCase().split('.') } : { year, month, day, rev };
}

/** Pre-release identifiers compared the semver way: numbers numerically and below words. */
function comparePre(a: string[] | undefined, b: string[] | undefined): number {
  if (!a || !b) return (a ? -1 : 0) - (b ? -1 : 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined || b[i] === undefined) return a[i] === undefined ? -1 : 1;
    const [x, y] = [/^\d+$/.test(a[i]) ? Number(a[i]) : null, /^\d+$/.test(b[i]) ? Number(b[i]) : null];
    if (x !== null && y !== null) {
      if (x !== y) return x - y;
    } else if (x !== null || y !== null) return x !== null ? -1 : 1;
    else if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

export function compareCalVer(a: CalVer, b: CalVer): number {
  return a.year - b.year || a.month - b.month || a.day - b.day || comparePre(a.pre, b.pre) || a.rev - b.rev;
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

/** What gateways report when they run without a release version (from source, or unknown). */
const PLACEHOLDER_VERSIONS = new Set(['dev', 'development', 'unknown', '0.0.0']);
const LEADING_CALVER = /^v?\d{4}\.\d{1,2}\.\d{1,2}(?=$|[^0-9])/i;

/**
 * The version to check for a gateway. Its hello's `server.version` comes first; when that is
 * missing or a placeholder such as `dev` (a gateway run from source, or with OPENCLAW_VERSION
 * set so), the release it was built from counts instead: the CalVer that starts its
 * `server.buildId` (2026.9 on), else the version that last wrote its configuration. Any other
 * value is returned as reported, so a malformed version is refused with its own text.
 */
export function gatewayVersionOf(sources: { reported: string | null | undefined; buildId?: string | null; configVersion?: string | null }): string | null {
  const reported = sources.reported?.trim() || null;
  if (reported && !PLACEHOLDER_VERSIONS.has(reported.toLowerCase())) return reported;
  const fromBuild = LEADING_CALVER.exec(sources.buildId?.trim() ?? '')?.[0] ?? null;
  for (const candidate of [fromBuild, sources.configVersion?.trim() || null]) {
    if (candidate && parseCalVer(candidate)) return candidate;
  }
  return reported;
}

/** Whether gatewayVersionOf would look further than the hello's `server.version`. */
export function needsVersionFallback(reported: string | null | undefined): boolean {
  const value = reported?.trim();
  return !value || PLACEHOLDER_VERSIONS.has(value.toLowerCase());
}
