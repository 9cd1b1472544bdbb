import { slugify } from '../common/slug';

export const DEFAULT_TAG_COLOR = '9e9e9e';

/**
 * A colour as stored: trimmed, lowercased, without a leading `#`, six hex digits. Returns the
 * value or the 422 message.
 */
export function normalizeColor(value: string): { color: string } | { error: string } {
  const color = value.trim().toLowerCase().replace(/^#/, '');
  if (!color) return { error: 'color is required' };
  if (!/^[0-9a-f]{6}$/.test(color)) return { error: 'color must be a 6-digit hex value' };
  return { color };
}

/** The slug of a tag: from the given slug, else from the name; `tag` when nothing is left. */
export function tagSlug(slug: string | null | undefined, name: string): string {
  return slugify(slug?.trim() ? slug : name) || 'tag';
}
