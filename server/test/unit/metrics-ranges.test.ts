import { describe, expect, it } from 'vitest';
import { bucketStart, bucketsOf, median, RANGE_KEYS, RANGES, windowsFor } from '../../src/domain/metrics/ranges';

const now = new Date('2026-12-03T15:42:10Z'); // a Thursday

describe('dashboard ranges', () => {
  it('align buckets like date_trunc in UTC: hour, day, Monday weeks, first of month', () => {
    expect(bucketStart(now, 'hour').toISOString()).toBe('2026-12-03T15:00:00.000Z');
    expect(bucketStart(now, 'day').toISOString()).toBe('2026-12-03T00:00:00.000Z');
    expect(bucketStart(now, 'week').toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(bucketStart(new Date('2026-11-29T23:00:00Z'), 'week').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(bucketStart(now, 'month').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('the comparison window is the equally long window right before the primary one', () => {
    for (const key of RANGE_KEYS) {
      const { primary, comparison } = windowsFor(key, now);
      expect(primary.end).toEqual(now);
      expect(comparison.end).toEqual(primary.start);
      expect(primary.end.getTime() - primary.start.getTime()).toBe(RANGES[key].durationMs);
      expect(comparison.end.getTime() - comparison.start.getTime()).toBe(RANGES[key].durationMs);
    }
  });

  it.each([
    ['24h', 25],
    ['7d', 8],
    ['1m', 31],
    ['1y', 13],
  ] as const)('%s has every bucket from the start bucket to now (%i)', (key, count) => {
    const { primary } = windowsFor(key, now);
    const buckets = bucketsOf(primary, RANGES[key].bucket);
    expect(buckets).toHaveLength(count);
    expect(buckets[0]).toEqual(bucketStart(primary.start, RANGES[key].bucket));
    expect(buckets.at(-1)!.getTime()).toBeLessThanOrEqual(now.getTime());
  });

  it('median of odd, even and empty samples', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
