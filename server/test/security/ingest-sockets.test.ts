import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { rawRequest, streamChunked } from '../support/raw-http';
import { insertBoard, localOrganizationId } from '../support/seed-rows';

// The ingest endpoint against a real listening server, with requests written byte for byte.
let t: TestApp;
let port: number;
let path: string;
let limit: number;
const SECRET = 'sock-secret';

beforeAll(async () => {
  t = await createTestApp();
  const board = await insertBoard(t, await localOrganizationId(t));
  const hook = (await t.api('POST', `/api/v1/boards/${board.id}/webhooks`, { body: { description: 'raw', secret: SECRET } })).json();
  path = `/api/v1/boards/${board.id}/webhooks/${hook.id}`;
  limit = t.services.config.webhookMaxPayloadBytes;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as { port: number }).port;
});
afterAll(() => t?.close());

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
const head = (headers: string[]) => [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json', ...headers, '', ''].join('\r\n');

async function signedOk() {
  const body = '{"ok":true}';
  const res = await rawRequest(port, head([`Content-Length: ${body.length}`, `X-Hub-Signature-256: ${sign(body)}`]) + body);
  expect(res.status, res.body).toBe(202);
}

describe('ingest on a raw socket (BR-06, BR-08)', () => {
  it('answers 413 from a large Content-Length without waiting for the body, and closes', async () => {
    const res = await rawRequest(port, head(['Content-Length: 5000000', `X-Hub-Signature-256: ${sign('{}')}`]) + '{"small":1}', 60_000, 30_000);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ detail: `Payload exceeds maximum size of ${limit} bytes.` });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.closed).toBe(true);
    await signedOk();
  });

  it.each(['abc', '-1', '1e9', '12abc', '1, 2'])('answers a malformed Content-Length (%s) with a 4xx JSON error, never 5xx', async (value) => {
    const res = await rawRequest(port, head([`Content-Length: ${value}`]) + '{}');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toMatchObject({ detail: expect.any(String), request_id: expect.any(String) });
    await signedOk();
  });

  it('a body longer than its Content-Length: the extra bytes are never taken as body (a 4xx or the declared part), never 5xx', async () => {
    const body = '{"a":1}';
    const res = await rawRequest(port, head([`Content-Length: ${body.length}`, `X-Hub-Signature-256: ${sign(body)}`]) + body + 'GARBAGE-GARBAGE');
    expect([202, 400]).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    await signedOk();
  });

  it('refuses a chunked body over the cap with 413 while streaming, without reading it all', async () => {
    const total = 32 * 1024 * 1024;
    const result = await streamChunked(port, head(['Transfer-Encoding: chunked', `X-Hub-Signature-256: ${sign('{}')}`]), total);
    expect(result.response?.status).toBe(413);
    expect(result.stoppedBy).not.toBe('finished');
    expect(result.bytesWritten).toBeLessThan(total);
    await signedOk();
  });

  it('accepts a chunked body within the cap', async () => {
    const body = '{"chunked":true}';
    const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const res = await rawRequest(port, head(['Transfer-Encoding: chunked', `X-Hub-Signature-256: ${sign(body)}`]) + chunked);
    expect(res.status, res.body).toBe(202);
  });

  it('refuses conflicting Content-Length and Transfer-Encoding (request smuggling) with a 4xx', async () => {
    const res = await rawRequest(port, head(['Content-Length: 4', 'Transfer-Encoding: chunked']) + '0\r\n\r\n');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
