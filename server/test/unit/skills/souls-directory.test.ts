import { describe, expect, it } from 'vitest';
import { checkPart, parseSitemap, searchRefs, unescapeXml } from '../../../src/domain/souls/directory';

const base = 'https://souls.directory';

describe('souls directory index (§3.23)', () => {
  it('keeps soul URLs from <loc> elements, with namespace prefixes and entities', () => {
    const xml = `<?xml version="1.0"?><ns:urlset xmlns:ns="x">
      <ns:url><ns:loc>https://souls.directory/souls/ada/engineer</ns:loc></ns:url>
      <url><loc> https://souls.directory/souls/bob/writer&#45;pro/ </loc></url>
      <url><loc>https://souls.directory/souls/ada/engineer</loc></url>
      <url><loc>https://souls.directory/about</loc></url>
      <url><loc>https://souls.directory/souls/x/y/z</loc></url>
      <url><loc>https://evil.test/souls/a/b</loc></url>
      <url><loc>https://souls.directory/souls/bad.handle/s</loc></url>
    </ns:urlset>`;
    expect(parseSitemap(xml, base)).toEqual([
      { handle: 'ada', slug: 'engineer', page_url: `${base}/souls/ada/engineer`, raw_md_url: `${base}/api/souls/ada/engineer.md` },
      { handle: 'bob', slug: 'writer-pro', page_url: `${base}/souls/bob/writer-pro`, raw_md_url: `${base}/api/souls/bob/writer-pro.md` },
    ]);
    expect(unescapeXml('a&amp;b&lt;&#x41;&unknown;')).toBe('a&b<A&unknown;');
  });

  it('search: empty query takes the first ones; else case-insensitive handle/slug substring', () => {
    const refs = parseSitemap(['a/one', 'b/two', 'c/Three'].map((p) => `<loc>${base}/souls/${p}</loc>`).join(''), base);
    expect(searchRefs(refs, '', 2).map((r) => r.slug)).toEqual(['one', 'two']);
    expect(searchRefs(refs, 'THR', 10).map((r) => r.slug)).toEqual(['Three']);
    expect(searchRefs(refs, 'b/t', 10).map((r) => r.slug)).toEqual(['two']);
  });

  it('handle and slug are trimmed and checked', () => {
    expect(checkPart('slug', ' /writer.md/ ')).toEqual({ value: 'writer' });
    expect(checkPart('handle', '  ')).toEqual({ error: 'handle is required' });
    expect(checkPart('handle', 'a.b')).toEqual({ error: 'handle contains unsupported characters' });
    expect(checkPart('slug', '_x')).toEqual({ error: 'slug contains unsupported characters' });
  });
});
