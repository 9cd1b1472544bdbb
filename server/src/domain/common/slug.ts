/**
 * A URL-friendly slug: accents folded (café → cafe), lowercase, letters and digits of any script
 * kept (so names in Japanese or Cyrillic do not all collapse to one slug), every other run → `-`.
 * Returns '' when nothing is left (callers pick their fallback).
 */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200)
    .replace(/-+$/g, '');
}
