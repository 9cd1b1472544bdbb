import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_APP_CSP } from '../../src/http/hardening';
import { createTestApp, TEST_TOKEN, type TestApp } from '../support/app';
import { fillPath, operations, type OpenApiDoc } from '../support/openapi-sweep';
import { insertAgent, insertBoard, insertGateway, localOrganizationId } from '../support/seed-rows';

// Headers, content types, CORS and "secrets never logged" across the whole API (BR-52, BR-53,
// BR-54, and the logging half of the secret classes).
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'strict-origin-when-cross-origin' };
const XSS = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '[x](javascript:alert(1))', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', '<svg/onload=alert(1)>', '<iframe srcdoc="<script>alert(1)</script>">'];

let t: TestApp;
let boardId: string;
let webhookId: string;
let agentToken: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ TRUSTED_PROXIES: '127.0.0.1' });
  const orgId = await localOrganizationId(t);
  const gateway = await insertGateway(t, orgId);
  boardId = (await insertBoard(t, orgId, gateway.id)).id;
  agentToken = (await insertAgent(t, gateway.id, boardId)).token;
  const hook = (await t.api('POST', `/api/v1/boards/${boardId}/webhooks`, { body: { description: XSS.join('\n'), secret: 'hdr-webhook-secret' } })).json();
  webhookId = hook.id;
  const body = JSON.stringify({ xss: XSS });
  const ingest = await t.app.inject({
    method: 'POST',
    url: `/api/v1/boards/${boardId}/webhooks/${webhookId}`,
    payload: body,
    headers: { 'content-type': 'text/html', 'x-hub-signature-256': createHmac('sha256', 'hdr-webhook-secret').update(body).digest('hex') },
  });
  expect(ingest.statusCode).toBe(202);
  Object.assign(ids, { board_id: boardId, webhook_id: webhookId, payload_id: ingest.json().payload_id });
  // Every other place user- or agent-written text is stored (BR-52): memory, chat, a task's title
  // and description, a comment, an approval's reason and payload.
  const stored = [
    await t.api('POST', `/api/v1/boards/${boardId}/memory`, { body: { content: XSS.join('\n\n'), source: XSS[0] } }),
    await t.api('POST', `/api/v1/boards/${boardId}/memory`, { body: { content: XSS.join('\n'), tags: ['chat'] } }),
    await t.api('POST', `/api/v1/boards/${boardId}/tasks`, { body: { title: `Task ${XSS[1]}`, description: XSS.join('\n\n') } }),
  ];
  ids.task_id = stored[2].json().id;
  stored.push(await t.api('POST', `/api/v1/boards/${boardId}/tasks/${ids.task_id}/comments`, { body: { message: XSS.join('\n\n') } }));
  stored.push(await t.api('POST', `/api/v1/boards/${boardId}/approvals`, { body: { action_type: XSS[4], task_id: ids.task_id, confidence: 50, payload: { reason: XSS.join('\n'), xss: XSS } } }));
  for (const res of stored) expect(res.statusCode, res.body).toBeLessThan(300);
  ids.approval_id = stored[4].json().id;
});
afterAll(() => t?.close());

function expectSecurityHeaders(res: { headers: Record<string, unknown> }) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers[name], name).toBe(value);
}

describe('security headers on every kind of answer (BR-54)', () => {
  it('200, 401, 404, 405, 413, 415, 422 and 429 all carry them', async () => {
    const responses = [
      await t.app.inject({ method: 'GET', url: '/healthz' }),
      await t.api('GET', '/api/v1/users/me', { token: null }),
      await t.api('GET', '/api/v1/nope'),
      await t.api('PUT', '/api/v1/users/me'),
      await t.app.inject({ method: 'POST', url: `/api/v1/boards/${boardId}/webhooks/${webhookId}`, headers: { 'content-length': '99999999' } }),
      await t.app.inject({ method: 'PATCH', url: '/api/v1/users/me', payload: 'x', headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'text/plain' } }),
      await t.api('GET', '/api/v1/boards/not-a-uuid/webhooks'),
    ];
    for (let i = 0; i < 21; i++) responses.push(await t.app.inject({ method: 'GET', url: '/api/v1/agent/healthz', headers: { 'x-agent-token': 'bogus', 'x-forwarded-for': '203.0.113.54' } }));
    expect(responses.slice(0, 7).map((r) => r.statusCode)).toEqual([200, 401, 404, 405, 413, 415, 422]);
    expect(responses.at(-1)!.statusCode).toBe(429);
    for (const res of responses) {
      expectSecurityHeaders(res);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-request-id']).toBeTruthy();
    }
  });

  it('a blank setting removes only that header', async () => {
    const other = await createTestApp({ SECURITY_HEADER_X_FRAME_OPTIONS: '' });
    try {
      const res = await other.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.headers['x-frame-options']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    } finally {
      await other.close();
    }
  });

  it('credentials are never read from cookies', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { cookie: `session=${TEST_TOKEN}; token=${TEST_TOKEN}` } });
    expect(res.statusCode).toBe(401);
  });
});

describe('content types (BR-52)', () => {
  it('every operation answers JSON, never HTML, even for stored markup', async () => {
    const doc: OpenApiDoc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const gets = operations(doc).filter((op) => op.method === 'GET' && op.params.every((p) => ids[p]));
    expect(gets.length).toBeGreaterThan(5);
    for (const op of gets) {
      const url = fillPath(op, ids);
      const headers: Record<string, string> = { accept: 'text/html,*/*' };
      if (op.path.startsWith('/api/v1/agent/')) headers['x-agent-token'] = agentToken;
      else headers.authorization = `Bearer ${TEST_TOKEN}`;
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.headers['content-type'], `${op.path} → ${res.statusCode}`).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('every read that carries stored markup is nosniff JSON, and no HTML answer ever contains it (BR-52)', async () => {
    const doc: OpenApiDoc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const gets = operations(doc).filter((op) => op.method === 'GET' && op.params.every((p) => ids[p]));
    let carrying = 0;
    for (const op of gets) {
      const headers: Record<string, string> = { accept: 'text/html' };
      if (op.path.startsWith('/api/v1/agent/')) headers['x-agent-token'] = agentToken;
      else headers.authorization = `Bearer ${TEST_TOKEN}`;
      const res = await t.app.inject({ method: 'GET', url: fillPath(op, ids), headers });
      if (!XSS.some((p) => res.body.includes(p) || res.body.includes(JSON.stringify(p).slice(1, -1)))) continue;
      carrying++;
      expect(res.headers['content-type'], op.path).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options'], op.path).toBe('nosniff');
    }
    // Memory, chat, tasks, comments, approvals, snapshots, activity, webhooks and payloads at least.
    expect(carrying, 'reads that carry the stored markup').toBeGreaterThanOrEqual(15);
    // Paths that answer HTML (the web app's client-side routes, the API docs) never echo what was asked for.
    for (const p of XSS) {
      for (const url of [`/boards/${encodeURIComponent(p)}`, `/boards/${boardId}?taskId=${encodeURIComponent(p)}`, `/docs/${encodeURIComponent(p)}`, `/api/v1/${encodeURIComponent(p)}`]) {
        const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', authorization: `Bearer ${TEST_TOKEN}` } });
        if (String(res.headers['content-type']).startsWith('text/html')) {
          for (const q of XSS) expect(res.body, url).not.toContain(q);
        } else {
          expect(res.headers['content-type'], url).toMatch(/^application\/json/);
        }
      }
    }
  });

  it('stored markup comes back as inert JSON strings', async () => {
    const res = await t.api('GET', `/api/v1/boards/${boardId}/webhooks/${webhookId}/payloads/${ids.payload_id}`);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json().payload).toEqual({ xss: XSS });
    expect(res.json().content_type).toBe('text/html');
  });

  it('the web app’s HTML carries a Content-Security-Policy without inline scripts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toBe(WEB_APP_CSP);
    expect(WEB_APP_CSP).toContain("script-src 'self'");
    expect(WEB_APP_CSP).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(WEB_APP_CSP).toContain("frame-ancestors 'none'");
    expect(WEB_APP_CSP).toContain("object-src 'none'");
    // The client-side router's fallback for deep links gets it too.
    const deep = await t.app.inject({ method: 'GET', url: '/boards/some-board', headers: { accept: 'text/html' } });
    if (String(deep.headers['content-type']).startsWith('text/html')) expect(deep.headers['content-security-policy']).toBe(WEB_APP_CSP);
  });
});

describe('CORS (BR-53)', () => {
  it('echoes only configured origins, with credentials, and exposes the paging headers', async () => {
    const app = await createTestApp({ CORS_ORIGINS: 'https://mc.example.test' });
    try {
      const preflight = await app.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/users/me',
        headers: { origin: 'https://mc.example.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect([200, 204]).toContain(preflight.statusCode);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://mc.example.test');
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
      expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
      expectSecurityHeaders(preflight);
      const evil = await app.app.inject({ method: 'OPTIONS', url: '/api/v1/users/me', headers: { origin: 'https://evil.example.test', 'access-control-request-method': 'POST' } });
      expect(evil.headers['access-control-allow-origin']).toBeUndefined();
      const get = await app.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { origin: 'https://mc.example.test', authorization: `Bearer ${TEST_TOKEN}` } });
      expect(get.headers['access-control-allow-origin']).toBe('https://mc.example.test');
      expect(String(get.headers['access-control-expose-headers'])).toContain('X-Total-Count');
    } finally {
      await app.close();
    }
  });

  it('sends no CORS headers at all when no origin is configured', async () => {
    const res = await t.app.inject({ method: 'OPTIONS', url: '/api/v1/users/me', headers: { origin: 'https://mc.example.test', 'access-control-request-method': 'GET' } });
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('secrets never logged', () => {
  it('after failed and successful authentication of every kind, no secret appears in the logs', async () => {
    const wrongAgent = `mca_${'Q'.repeat(16)}.${'Z'.repeat(43)}`;
    const secrets = [TEST_TOKEN, agentToken, agentToken.split('.')[1], wrongAgent.split('.')[1], 'hdr-webhook-secret', 'bogus-bearer-secret-value'];
    await t.app.inject({ method: 'GET', url: '/api/v1/agent/healthz', headers: { 'x-agent-token': wrongAgent } });
    await t.app.inject({ method: 'GET', url: '/api/v1/agent/healthz', headers: { authorization: `Bearer ${wrongAgent}` } });
    await t.app.inject({ method: 'GET', url: '/api/v1/agent/healthz', headers: { 'x-agent-token': agentToken } });
    await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { authorization: 'Bearer bogus-bearer-secret-value' } });
    await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { 'x-agent-token': TEST_TOKEN } });
    await t.app.inject({ method: 'POST', url: `/api/v1/boards/${boardId}/webhooks/${webhookId}`, payload: '{}', headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' } });
    await t.api('PATCH', `/api/v1/boards/${boardId}/webhooks/${webhookId}`, { body: { secret: 'hdr-webhook-secret' } });
    const logs = t.logs.join('\n');
    expect(logs).toContain('agent authentication failed');
    for (const secret of secrets) expect(logs, 'a secret reached the logs').not.toContain(secret);
  });
});
