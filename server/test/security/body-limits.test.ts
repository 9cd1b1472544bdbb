import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_TOKEN, type TestApp } from '../support/app';
import { fillPath, operations, type OpenApiDoc } from '../support/openapi-sweep';
import { insertBoard, localOrganizationId } from '../support/seed-rows';

// Every operation that takes a body refuses one over its cap with 413 (the JSON envelope), before
// authentication or any work: 1 MiB for the API, WEBHOOK_MAX_PAYLOAD_BYTES for webhook ingest.
let t: TestApp;
let doc: OpenApiDoc;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ WEBHOOK_MAX_PAYLOAD_BYTES: '2048' });
  doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  // Real ids, so routes that look their resource up before reading the body (webhook ingest) get there.
  ids.board_id = (await insertBoard(t, await localOrganizationId(t))).id;
  ids.webhook_id = (await t.api('POST', `/api/v1/boards/${ids.board_id}/webhooks`, { body: { description: 'cap' } })).json().id;
});
afterAll(() => t?.close());

describe('request bodies are bounded on every route', () => {
  it('a 1.5 MiB JSON body is refused with 413 by every operation that accepts a body', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1.5 * 1024 * 1024) });
    const ops = operations(doc).filter((op) => op.requestBody || ['POST', 'PUT', 'PATCH'].includes(op.method));
    expect(ops.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const op of ops) {
      const url = fillPath(op, new Proxy(ids, { get: (target, key: string) => target[key] ?? randomUUID() }));
      const res = await t.app.inject({ method: op.method as 'POST', url, payload: big, headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` } });
      if (res.statusCode !== 413 || !String(res.headers['content-type']).startsWith('application/json')) wrong.push(`${op.method} ${op.path} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('webhook ingest uses its own cap', async () => {
    const url = `/api/v1/boards/${ids.board_id}/webhooks/${ids.webhook_id}`;
    const at = await t.app.inject({ method: 'POST', url, payload: 'x'.repeat(2048), headers: { 'content-type': 'text/plain' } });
    expect(at.statusCode).toBe(202);
    const over = await t.app.inject({ method: 'POST', url, payload: 'x'.repeat(2049), headers: { 'content-type': 'text/plain' } });
    expect(over.statusCode).toBe(413);
    expect(over.json().detail).toBe('Payload exceeds maximum size of 2048 bytes.');
  });
});
