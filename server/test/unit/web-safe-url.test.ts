import { describe, expect, it } from 'vitest';
import { safeHref, safeImageSrc } from '../../../web/src/lib/safe-url';

// The web UI's link filter for user- and agent-written markdown (BR-52).
describe('safeHref', () => {
  it('keeps http, https, mailto and same-origin relative links', () => {
    for (const url of ['https://example.com/a?b=1', 'http://example.com', 'mailto:ops@example.com', 'HTTPS://EXAMPLE.COM', '/boards/1', '#top', '?taskId=1']) {
      expect(safeHref(url), url).toBe(url);
    }
  });

  it('drops every other scheme, including the obfuscated ones browsers still run', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0000javascript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//evil.example/x',
      '/\\evil.example/x',
      'x:y',
      '',
      null,
      undefined,
    ]) {
      expect(safeHref(url), String(url)).toBeNull();
    }
  });

  it('images only over http(s)', () => {
    expect(safeImageSrc('https://example.com/a.png')).toBe('https://example.com/a.png');
    expect(safeImageSrc('data:image/svg+xml,<svg onload=alert(1)>')).toBeNull();
    expect(safeImageSrc('javascript:alert(1)')).toBeNull();
    expect(safeImageSrc('/relative.png')).toBeNull();
  });
});
