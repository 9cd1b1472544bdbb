/** Dashboard time ranges: window length, bucket size and bucket alignment (all in UTC). */
export const RANGE_KEYS = ['24h', '3d', '7d', '14d', '1m', '3m', '6m', '1y'] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];
export type Bucket = 'hour' | 'day' | 'week' | 'month';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const RANGES: Record<RangeKey, { durationMs: number; bucket: Bucket }> = {
  '24h': { durationMs: 24 * HOUR, bucket: 'hour' },
  '3d': { durationMs: 3 * DAY, bucket: 'day' },
  '7d': { durationMs: 7 * DAY, bucket: 'day' },
  '14d': { durationMs: 14 * DAY, bucket: 'day' },
  '1m': { durationMs: 30 * DAY, bucket: 'day' },
  '3m': { durationMs: 90 * DAY, bucket: 'week' },
  '6m': { durationMs: 180 * DAY, bucket: 'week' },
  '1y': { durationMs: 365 * DAY, bucket: 'month' },
};

export interface Window {
  start: Date;
  end: Date;
}

/** The selected window ending now, and the equally long window right before it. */
export function windowsFor(key: RangeKey, now: Date): { primary: Window; comparison: Window } {
  const { durationMs } = RANGES[key];
  const start = new Date(now.getTime() - durationMs);
  return { primary: { start, end: now }, comparison: { start: new Date(start.getTime() - durationMs), end: start } };
}

/** The start of the bucket holding `t`, as Postgres `date_trunc` computes it in UTC (weeks start on Monday). */
export function bucketStart(t: Date, bucket: Bucket): Date {
  const d = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), bucket === 'hour' ? t.getUTCHours() : 0));
  if (bucket === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (bucket === 'month') d.setUTCDate(1);
  return d;
}

function next(t: Date, bucket: Bucket): Date {
  const d = new Date(t);
  if (bucket === 'hour') d.setUTCHours(d.getUTCHours() + 1);
  else if (bucket === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (bucket === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
}

/** Every bucket start from the window start's bucket up to the window end, none missing. */
export function bucketsOf(window: Window, bucket: Bucket): Date[] {
  const out: Date[] = [];
  for (let t = bucketStart(window.start, bucket); t <= window.end; t = next(t, bucket)) out.push(t);
  return out;
}

/** Median of a sample (the mean of the two middle values for an even count); null when empty. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
