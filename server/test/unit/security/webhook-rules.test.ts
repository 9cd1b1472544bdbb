import { describe, expect, it } from 'vitest';
import { capturedHeaders, decodePayload, pythonJson, truncatePayload } from '../../../src/domain/webhooks/payload';
import { HEADER_TOKEN, presentedSignature, signBody, verifySignature } from '../../../src/domain/webhooks/signature';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('webhook signatures', () => {
  const body = bytes('{"t":"deploy 🚀 ok"}');
  const good = signBody('s3cr3t', body);

  it('accepts the HMAC of the raw bytes with or without the sha256= prefix, in any hex case', () => {
    expect(verifySignature('s3cr3t', body, `sha256=${good}`)).toEqual({ ok: true });
    expect(verifySignature('s3cr3t', body, `SHA256=${good.toUpperCase()}`)).toEqual({ ok: true });
    expect(verifySignature('s3cr3t', body, ` ${good} `)).toEqual({ ok: true });
  });

  it('refuses a missing, wrong, truncated or other-body signature', () => {
    expect(verifySignature('s3cr3t', body, null)).toEqual({ ok: false, detail: 'Missing webhook signature header.' });
    expect(verifySignature('s3cr3t', body, `sha256=${signBody('wrong', body)}`).ok).toBe(false);
    expect(verifySignature('s3cr3t', body, `sha256=${good.slice(0, 10)}`).ok).toBe(false);
    expect(verifySignature('s3cr3t', bytes('{"t":"deploy 🚀 ok!"}'), `sha256=${good}`).ok).toBe(false);
  });

  it('reads the custom header only when one is configured, else the defaults in order', () => {
    expect(presentedSignature({ 'x-hub-signature-256': 'a', 'x-webhook-signature': 'b' }, null)).toBe('a');
    expect(presentedSignature({ 'x-webhook-signature': 'b' }, null)).toBe('b');
    expect(presentedSignature({ 'x-hub-signature-256': 'a' }, 'X-Custom-Sig')).toBeNull();
    expect(presentedSignature({ 'x-custom-sig': 'c' }, 'X-Custom-Sig')).toBe('c');
  });

  it('validates header names as HTTP tokens', () => {
    expect(HEADER_TOKEN.test('X-Custom-Sig')).toBe(true);
    expect(HEADER_TOKEN.test('X Sig')).toBe(false);
    expect(HEADER_TOKEN.test('X-Sïg')).toBe(false);
  });
});

describe('webhook payload decoding', () => {
  it('parses JSON (literal UTF-8, escaped surrogate pairs, odd whitespace)', () => {
    expect(decodePayload(bytes('{"t":"deploy 🚀 ok","who":"日本語"}'), 'application/json; charset=utf-8')).toEqual({ t: 'deploy 🚀 ok', who: '日本語' });
    expect(decodePayload(bytes('{"t":"\\ud83d\\ude80"}'), null)).toEqual({ t: '🚀' });
    expect(decodePayload(bytes('{ "a" : 1.0 ,  "b":[ 1,2 ] }'), 'text/plain')).toEqual({ a: 1, b: [1, 2] });
    expect(decodePayload(bytes('true'), null)).toBe(true);
  });

  it('keeps text, empty bodies and broken JSON storable', () => {
    expect(decodePayload(bytes(''), 'application/json')).toEqual({});
    expect(decodePayload(bytes('hello'), 'text/plain')).toBe('hello');
    expect(decodePayload(bytes('{broken'), 'application/json')).toBe('{broken');
    expect(decodePayload(Buffer.from([0xff, 0xfe, 0x41]), 'application/json')).toBe('\uFFFD\uFFFDA');
    expect(decodePayload(bytes('{"a":"x\\u0000y","\\ud800":"\\udc00"}'), null)).toEqual({ 'a': 'x\uFFFDy', '\uFFFD': '\uFFFD' });
  });

  it('captures only safe headers', () => {
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot',
      'x-github-event': 'push',
      'x-hub-signature-256': 'sha256=abc',
      'x-webhook-signature': 'abc',
      'x-custom-sig': 'abc',
      'x-agent-token': 'mca_x',
      authorization: 'Bearer t',
      cookie: 'a=b',
      host: 'example',
    };
    expect(capturedHeaders(headers, 'X-Custom-Sig')).toEqual({ 'content-type': 'application/json', 'user-agent': 'GitHub-Hookshot', 'x-github-event': 'push' });
    expect(capturedHeaders({ host: 'h' }, null)).toBeNull();
  });

  it('previews like the reference (Python separators, ASCII escapes) and truncates', () => {
    expect(pythonJson({ a: [1, 'é'], b: null })).toBe('{"a": [1, "\\u00e9"], "b": null}');
    expect(truncatePayload({ a: 'xxxxxxxxxx' }, 10)).toBe('{"a": "...');
    expect(truncatePayload({ a: 1 }, 100)).toEqual({ a: 1 });
    expect(truncatePayload('abcdef', 5)).toBe('ab...');
    expect(truncatePayload('abcdef', 3)).toBe('abc');
    expect(truncatePayload('abc', 3)).toBe('abc');
  });
});
