// The souls directory (§3.23): an index read from the directory's sitemap (cached one hour per
// process) and each soul's markdown fetched on demand. The base URL is a setting
// (SOULS_DIRECTORY_URL, default https://souls.directory).

export interface SoulRef {
  handle: string;
  slug: string;
  page_url: string;
  raw_md_url: string;
}

export const SOUL_PART = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;
const USER_AGENT = 'openclaw-mission-control/1.0';
const INDEX_TTL_MS = 60 * 60 * 1000;
const SITEMAP_TIMEOUT_MS = 10_000;
const MARKDOWN_TIMEOUT_MS = 15_000;
const MAX_SITEMAP_BYTES = 20 * 1024 * 1024;
const MAX_MARKDOWN_BYTES = 1024 * 1024;

export class SoulsDirectoryError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

export function refFor(base: string, handle: string, slug: string): SoulRef {
  return { handle, slug, page_url: `${base}/souls/${handle}/${slug}`, raw_md_url: `${base}/api/souls/${handle}/${slug}.md` };
}

/** Every `<loc>` of the sitemap of the form `<base>/souls/<handle>/<slug>`, in order, without repeats. */
export function parseSitemap(xml: string, base: string): SoulRef[] {
  const out: SoulRef[] = [];
  const seen = new Set<string>();
  const prefix = `${base}/souls/`;
  for (const match of xml.matchAll(/<(?:[\w.-]+:)?loc\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?loc\s*>/g)) {
    const url = unescapeXml(match[1].trim().replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1')).trim();
    if (!url.startsWith(prefix)) continue;
    const parts = url.slice(prefix.length).replace(/\/$/, '').split('/');
    if (parts.length !== 2 || !SOUL_PART.test(parts[0]) || !SOUL_PART.test(parts[1])) continue;
    const key = `${parts[0]}/${parts[1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(refFor(base, parts[0], parts[1]));
  }
  return out;
}

/** Empty query: the first `limit`; else case-insensitive substring of `handle/slug`, in index order. */
export function searchRefs(refs: SoulRef[], query: string, limit: number): SoulRef[] {
  const q = query.trim().toLowerCase();
  const hits = q ? refs.filter((r) => `${r.handle}/${r.slug}`.toLowerCase().includes(q)) : refs;
  return hits.slice(0, limit);
}

export type PartCheck = { value: string } | { error: string };

/** A handle or slug from a path: trimmed of spaces and `/` (slug: `.md` stripped), then checked. */
export function checkPart(field: 'handle' | 'slug', raw: string): PartCheck {
  let value = raw.replace(/^[\s/]+|[\s/]+$/g, '');
  if (field === 'slug' && value.toLowerCase().endsWith('.md')) value = value.slice(0, -3).replace(/[\s/]+$/g, '');
  if (!value) return { error: `${field} is required` };
  if (!SOUL_PART.test(value)) return { error: `${field} contains unsupported characters` };
  return { value };
}

async function fetchText(url: string, timeoutMs: number, maxBytes: number): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { 'user-agent': USER_AGENT, accept: 'text/markdown, text/plain, application/xml, */*' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = (error as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new SoulsDirectoryError(`souls directory request failed: ${reason}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new SoulsDirectoryError(`souls directory answered HTTP ${response.status} for ${new URL(url).pathname}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += (chunk as Uint8Array).byteLength;
      if (size > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new SoulsDirectoryError(`souls directory response is larger than ${maxBytes} bytes`);
      }
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
  } catch (error) {
    if (error instanceof SoulsDirectoryError) throw error;
    throw new SoulsDirectoryError(`souls directory request failed: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The directory at one base URL; the index is shared by concurrent requests and cached an hour. */
export class SoulsDirectory {
  private index: { refs: SoulRef[]; at: number } | null = null;
  private pending: Promise<SoulRef[]> | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly now: () => number = Date.now,
  ) {}

  async refs(): Promise<SoulRef[]> {
    if (this.index && this.now() - this.index.at < INDEX_TTL_MS) return this.index.refs;
    if (!this.pending) {
      this.pending = fetchText(`${this.baseUrl}/sitemap.xml`, SITEMAP_TIMEOUT_MS, MAX_SITEMAP_BYTES)
        .then((xml) => {
          const refs = parseSitemap(xml, this.baseUrl);
          this.index = { refs, at: this.now() };
          return refs;
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }

  async search(query: string, limit: number): Promise<SoulRef[]> {
    return searchRefs(await this.refs(), query, limit);
  }

  /** The soul's markdown (handle and slug already checked with checkPart). */
  markdown(handle: string, slug: string): Promise<string> {
    return fetchText(refFor(this.baseUrl, handle, slug).raw_md_url, MARKDOWN_TIMEOUT_MS, MAX_MARKDOWN_BYTES);
  }
}
