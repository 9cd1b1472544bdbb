// The only link targets user- or agent-written content may carry. Everything else (javascript:,
// data:, vbscript:, file:, protocol-relative tricks…) is dropped, and the link shows as text.
const SAFE_LINK = /^(https?:|mailto:)/i;
const SAFE_IMAGE = /^https?:/i;

/** Strips the characters browsers ignore inside a scheme ("java\tscript:", "\u0000javascript:"). */
function normalise(url: string): string {
  return url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
}

export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  const cleaned = normalise(url);
  if (SAFE_LINK.test(cleaned)) return url.trim();
  // Relative links (no scheme at all) stay inside our own origin.
  if (/^[/#?]/.test(cleaned) && !cleaned.startsWith('//') && !cleaned.startsWith('/\\')) return url.trim();
  return null;
}

export function safeImageSrc(url: string | null | undefined): string | null {
  if (!url) return null;
  return SAFE_IMAGE.test(normalise(url)) ? url.trim() : null;
}
