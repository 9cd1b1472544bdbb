import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { insertBoard, localOrganizationId } from '../support/seed-rows';

// Non-Latin and emoji text survives every round trip; slugs of non-Latin names never collide
// into a 500 (BR-49, and the unicode half of BR-05).
let t: TestApp;
let boardId: string;

beforeAll(async () => {
  t = await createTestApp();
  boardId = (await insertBoard(t, await localOrganizationId(t))).id;
});
afterAll(() => t?.close());

const TEXTS = ['🚀 Launch — café ✅', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '👩‍👩‍👧', '日本語', 'עברית', 'e\u0301'];

describe('unicode', () => {
  it('non-Latin tag names get distinct slugs or a 409 that says to set one, never a 500', async () => {
    for (const names of [['日本語', '中文'], ['🚀', '✅']]) {
      const first = await t.api('POST', '/api/v1/tags', { body: { name: names[0] } });
      expect(first.statusCode, first.body).toBe(200);
      const second = await t.api('POST', '/api/v1/tags', { body: { name: names[1] } });
      if (second.statusCode === 200) expect(second.json().slug).not.toBe(first.json().slug);
      else {
        expect(second.statusCode, second.body).toBe(409);
        expect(JSON.stringify(second.json().detail)).toMatch(/slug/i);
      }
    }
  });

  it('webhook descriptions and payloads round-trip byte-identical', async () => {
    for (const text of TEXTS) {
      const hook = await t.api('POST', `/api/v1/boards/${boardId}/webhooks`, { body: { description: text, secret: 'ü-secret-🔑' } });
      expect(hook.statusCode, hook.body).toBe(200);
      expect(hook.json().description).toBe(text);
      const body = Buffer.from(JSON.stringify({ text }), 'utf8');
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/boards/${boardId}/webhooks/${hook.json().id}`,
        payload: body,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': createHmac('sha256', Buffer.from('ü-secret-🔑', 'utf8')).update(body).digest('hex') },
      });
      expect(res.statusCode, res.body).toBe(202);
      const read = await t.api('GET', `/api/v1/boards/${boardId}/webhooks/${hook.json().id}/payloads/${res.json().payload_id}`);
      expect(read.json().payload).toEqual({ text });
    }
  });
});
