import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ CORS_ORIGINS: 'http://ui.test', SECURITY_HEADER_PERMISSIONS_POLICY: 'camera=()', SECURITY_HEADER_X_FRAME_OPTIONS: '' });
});
afterAll(() => t?.close());

describe('HTTP conventions', () => {
  it.each(['/health', '/healthz', '/readyz'])('%s answers ok without credentials', async (path) => {
    const res = await t.api('GET', path, { token: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true });
  });

  it('readyz is 503 with the envelope until migrations are applied', async () => {
    t.services.state.migrated = false;
    try {
      const res = await t.api('GET', '/readyz', { token: null });
      expect(res.statusCode).toBe(503);
      expect(res.json().detail).toMatch(/migrations/);
    } finally {
      t.services.state.migrated = true;
    }
  });

  it('echoes a sane X-Request-Id and generates one otherwise, also on errors', async () => {
    const echoed = await t.api('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const generated = await t.api('GET', '/api/v1/nope', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(generated.json()).toEqual({ detail: 'Not Found', request_id: generated.headers['x-request-id'] });
  });

  it('sends the configured security headers and leaves out blank ones', async () => {
    const res = await t.api('GET', '/api/v1/nope');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['permissions-policy']).toBe('camera=()');
    expect(res.headers['x-frame-options']).toBeUndefined();
  });

  it('answers CORS preflights for configured origins only', async () => {
    const allowed = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/users/me',
      headers: { origin: 'http://ui.test', 'access-control-request-method': 'PATCH' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://ui.test');
    expect(allowed.headers['x-content-type-options']).toBe('nosniff');
    const other = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/users/me',
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'PATCH' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('405 with Allow for a known path and a wrong method', async () => {
    const res = await t.api('PUT', '/api/v1/users/me', { body: {} });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toContain('GET');
    expect(res.json().detail).toBe('Method Not Allowed');
  });

  it('422 with {loc, msg, type} for malformed JSON and wrong types; never a 500', async () => {
    const malformed = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${'test-token-'.padEnd(64, 'x')}`, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().detail[0]).toMatchObject({ loc: ['body'], type: 'json_invalid' });
    const wrongType = await t.api('PATCH', '/api/v1/users/me', { body: { name: 42 } });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json().detail[0].loc).toEqual(['body', 'name']);
    expect(typeof wrongType.json().detail[0].msg).toBe('string');
    expect(wrongType.json().request_id).toBeTruthy();
  });

  it('415 for a body that is not JSON and 413 for one over the limit', async () => {
    const text = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${'test-token-'.padEnd(64, 'x')}`, 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().request_id).toBeTruthy();
    const big = await t.api('PATCH', '/api/v1/users/me', { body: { notes: 'x'.repeat(1_100_000) } });
    expect(big.statusCode).toBe(413);
    expect(big.json().detail).toMatch(/too large/);
  });
});

describe('users', () => {
  it('401 with the envelope without a token or with a wrong one', async () => {
    for (const token of [null, 'wrong'.padEnd(60, 'y')]) {
      const res = await t.api('GET', '/api/v1/users/me', { token });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ detail: 'Not authenticated' });
      expect(res.json().request_id).toBe(res.headers['x-request-id']);
    }
  });

  it('the local user is created on first sight with a personal organization', async () => {
    const boot = await t.api('POST', '/api/v1/auth/bootstrap');
    expect(boot.statusCode).toBe(200);
    expect(boot.json()).toMatchObject({ clerk_user_id: 'local-auth-user', email: 'admin@home.local', name: 'Local User', is_super_admin: false });
    const me = await t.api('GET', '/api/v1/users/me');
    expect(me.json().id).toBe(boot.json().id);
    const orgs = await t.services.database.query<{ name: string; role: string }>(
      'SELECT o.name, m.role FROM organizations o JOIN organization_members m ON m.organization_id = o.id',
    );
    expect(orgs).toEqual([{ name: 'Personal', role: 'owner' }]);
  });

  it('PATCH writes only the fields present; explicit null clears', async () => {
    await t.api('PATCH', '/api/v1/users/me', { body: { preferred_name: 'Ada', timezone: 'Europe/Paris' } });
    const res = await t.api('PATCH', '/api/v1/users/me', { body: { timezone: null } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ preferred_name: 'Ada', timezone: null, name: 'Local User' });
    const unknown = await t.api('PATCH', '/api/v1/users/me', { body: { is_super_admin: true } });
    expect(unknown.statusCode).toBe(422);
  });

  it('DELETE removes the user and their single-member organization; the next request starts fresh', async () => {
    const before = (await t.api('GET', '/api/v1/users/me')).json();
    const res = await t.api('DELETE', '/api/v1/users/me');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const [{ count }] = await t.services.database.query<{ count: string }>('SELECT count(*)::text AS count FROM organizations');
    expect(count).toBe('0');
    const after = (await t.api('GET', '/api/v1/users/me')).json();
    expect(after.id).not.toBe(before.id);
    expect(after.preferred_name).toBeNull();
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document with stable operationIds and docs', async () => {
    const res = await t.api('GET', '/openapi.json', { token: null });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/users/me'].get.operationId).toBe('get_me_api_v1_users_me_get');
    expect(doc.paths['/api/v1/users/me'].patch.requestBody).toBeTruthy();
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p as Record<string, { operationId: string }>).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    const docs = await t.api('GET', '/docs', { token: null });
    expect([200, 302]).toContain(docs.statusCode);
  });
});
