/**
 * What an inbound webhook body becomes: any bytes are accepted (JSON, text, invalid UTF-8) and
 * turned into a JSON value PostgreSQL's jsonb can store (no NUL characters, no lone surrogates).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Makes a string storable in jsonb: lone surrogates and NUL become U+FFFD. */
export function storableText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(/\u0000/g, '\uFFFD');
}

function storable(value: unknown): JsonValue {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storable);
  if (value && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) out[storableText(key)] = storable(item);
    return out;
  }
  return value as JsonValue;
}

const JSON_START = /^\s*[{["]/;

/**
 * Empty → `{}`; decoded as UTF-8 with replacement; parsed as JSON when the content type says JSON
 * or the text looks like JSON (starts with `{`, `[` or `"`, or is `true`/`false`); otherwise, or
 * when parsing fails, the text itself.
 */
export function decodePayload(body: Uint8Array, contentType: string | null): JsonValue {
  if (body.length === 0) return {};
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(body);
  const trimmed = text.trim();
  const looksJson = (contentType ?? '').toLowerCase().includes('application/json') || JSON_START.test(text) || trimmed === 'true' || trimmed === 'false';
  if (looksJson) {
    try {
      return storable(JSON.parse(text));
    } catch {
      // not JSON after all: keep the text
    }
  }
  return storableText(text);
}

const ALWAYS_DROPPED = new Set(['x-hub-signature-256', 'x-webhook-signature', 'authorization', 'x-agent-token', 'cookie', 'proxy-authorization']);

/**
 * Headers kept with a payload: content-type, user-agent and x-* (lower-case names), never a
 * signature, credential or the webhook's own signature header. Null when none remain.
 */
export function capturedHeaders(headers: Record<string, string | string[] | undefined>, signatureHeader: string | null): Record<string, string> | null {
  const custom = signatureHeader?.toLowerCase();
  const kept: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (rawValue === undefined || ALWAYS_DROPPED.has(name) || name === custom) continue;
    if (name !== 'content-type' && name !== 'user-agent' && !name.startsWith('x-')) continue;
    kept[name] = storableText(Array.isArray(rawValue) ? rawValue.join(', ') : rawValue);
  }
  return Object.keys(kept).length ? kept : null;
}

/** JSON text in the style of Python's json.dumps defaults: `", "`/`": "` separators, ASCII only. */
export function pythonJson(value: unknown, indent?: number): string {
  const ascii = (text: string) => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (indent !== undefined) return ascii(JSON.stringify(value, null, indent) ?? 'null');
  const render = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(render).join(', ')}]`;
    if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, item]) => `${JSON.stringify(k)}: ${render(item)}`).join(', ')}}`;
    return JSON.stringify(v) ?? 'null';
  };
  return ascii(render(value));
}

/** The readable form of a payload inside messages: strings verbatim, other values as indented JSON. */
export function payloadPreview(payload: unknown): string {
  return typeof payload === 'string' ? payload : pythonJson(payload, 2);
}

/**
 * The agent read's `max_chars` preview: a string longer than max_chars, or any other value whose
 * compact JSON is, is cut to (max_chars − 3) characters plus `...` (a plain cut when max_chars ≤ 3).
 * Within the limit the payload is returned unchanged.
 */
export function truncatePayload(payload: JsonValue, maxChars: number | undefined): JsonValue {
  if (maxChars === undefined) return payload;
  const text = typeof payload === 'string' ? payload : pythonJson(payload);
  if (text.length <= maxChars) return payload;
  return maxChars <= 3 ? text.slice(0, maxChars) : `${text.slice(0, maxChars - 3)}...`;
}
