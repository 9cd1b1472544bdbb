import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, TEST_TOKEN, type TestApp } from '../support/app';
import { freePort } from '../support/process';

const METRICS_TOKEN = 'metrics-token-0123456789';
const REDIS_URL = process.env.MC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// Several tests start extra apps (each a fresh database): generous limits for a loaded machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ METRICS_ENABLED: 'true', METRICS_TOKEN, REQUEST_LOG_SLOW_MS: '0' });
}, 120_000);
afterAll(() => t?.close());

const logLines = (app: TestApp) => app.logs.map((line) => JSON.parse(line) as Record<string, unknown>);

async function localMembership(app: TestApp) {
  await app.api('GET', '/api/v1/users/me'); // provisions the local user and their organization
  const rows = await app.services.database.query<{ id: string; organization_id: string }>(
    `SELECT m.id, m.organization_id FROM organization_members m JOIN users u ON u.id = m.user_id AND u.active_organization_id = m.organization_id`,
  );
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe('readiness', () => {
  it('reports every dependency when ready', async () => {
    const res = await t.api('GET', '/readyz', { token: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ok: true,
      checks: { database: { ok: true }, migrations: { ok: true }, job_queue: { ok: true } },
    });
  });

  it('names the job queue when its table does not answer', async () => {
    await t.services.database.exec('ALTER TABLE jobs RENAME TO jobs_away');
    try {
      const res = await t.api('GET', '/readyz', { token: null });
      expect(res.statusCode).toBe(503);
      const body = res.json();
      expect(body.detail).toMatch(/^Not ready: job_queue/);
      expect(body.request_id).toBe(res.headers['x-request-id']);
      expect(body.checks.job_queue.ok).toBe(false);
      expect(body.checks.database).toEqual({ ok: true });
    } finally {
      await t.services.database.exec('ALTER TABLE jobs_away RENAME TO jobs');
    }
    expect((await t.api('GET', '/readyz')).statusCode).toBe(200);
  });

  it('names migrations when one is missing or comes from a newer build', async () => {
    await t.services.database.exec(`INSERT INTO mc_schema_migrations (tag, checksum, app_version) VALUES ('9999_future', 'x', '99.0.0')`);
    try {
      const res = await t.api('GET', '/readyz');
      expect(res.statusCode).toBe(503);
      expect(res.json().detail).toContain('migrations (applied by a newer build: 9999_future)');
    } finally {
      await t.services.database.exec(`DELETE FROM mc_schema_migrations WHERE tag = '9999_future'`);
    }
    const [first] = await t.services.database.query<{ tag: string; checksum: string }>('SELECT tag, checksum FROM mc_schema_migrations ORDER BY tag LIMIT 1');
    await t.services.database.exec(`DELETE FROM mc_schema_migrations WHERE tag = '${first.tag}'`);
    try {
      const res = await t.api('GET', '/readyz');
      expect(res.statusCode).toBe(503);
      expect(res.json().detail).toContain(`migrations (pending: ${first.tag})`);
    } finally {
      await t.services.database.query('INSERT INTO mc_schema_migrations (tag, checksum) VALUES ($1, $2)', [first.tag, first.checksum]);
    }
  });

  it('checks Redis only when it is the rate-limit backend, and names it when it is down', async () => {
    const deadPort = await freePort();
    const down = await createTestApp({ RATE_LIMIT_BACKEND: 'redis', RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${deadPort}` });
    try {
      const res = await down.api('GET', '/readyz', { token: null });
      expect(res.statusCode).toBe(503);
      expect(res.json().detail).toMatch(/^Not ready: redis \(/);
      expect(res.json().checks.database).toEqual({ ok: true });
    } finally {
      await down.close();
    }
    const up = await createTestApp({ RATE_LIMIT_BACKEND: 'redis', RATE_LIMIT_REDIS_URL: REDIS_URL });
    try {
      const res = await up.api('GET', '/readyz', { token: null });
      expect(res.json().checks.redis).toEqual({ ok: true });
      expect(res.statusCode).toBe(200);
    } finally {
      await up.close();
    }
  });
});

describe('GET /api/v1/status', () => {
  it('needs a signed-in owner or admin', async () => {
    expect((await t.api('GET', '/api/v1/status', { token: null })).statusCode).toBe(401);
    const member = await localMembership(t);
    await t.services.database.query(`UPDATE organization_members SET role = 'member' WHERE id = $1`, [member.id]);
    try {
      const res = await t.api('GET', '/api/v1/status');
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toMatch(/owners and admins/);
    } finally {
      await t.services.database.query(`UPDATE organization_members SET role = 'admin' WHERE id = $1`, [member.id]);
    }
    expect((await t.api('GET', '/api/v1/status')).statusCode).toBe(200);
    await t.services.database.query(`UPDATE organization_members SET role = 'owner' WHERE id = $1`, [member.id]);
  });

  it('reports version, uptime, database, queue depth and gateways', async () => {
    const { organization_id: org } = await localMembership(t);
    const db = t.services.database;
    await db.query(
      `INSERT INTO gateways (organization_id, name, url, workspace_root) VALUES ($1, 'a', 'ws://127.0.0.1:1', '/w'), ($1, 'b', 'ws://127.0.0.1:2', '/w')`,
      [org],
    );
    await db.exec(
      `INSERT INTO jobs (queue, payload, state) VALUES ('q', '{}', 'pending'), ('q', '{}', 'pending'), ('q', '{}', 'running'), ('q', '{}', 'done'), ('q', '{}', 'failed')`,
    );
    try {
      const res = await t.api('GET', '/api/v1/status');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(body.started_at).toMatch(/Z$/);
      expect(body.uptime_seconds).toBeGreaterThanOrEqual(0);
      expect(body.database.kind).toBe(t.kind);
      expect(body.database.size_bytes).toBeGreaterThan(0);
      expect(body.queue).toEqual({ depth: 3, pending: 2, running: 1, done: 1, failed: 1 });
      expect(body.gateways).toEqual({ connected: 0, total: 2 });

    } finally {
      await db.exec(`DELETE FROM jobs; DELETE FROM gateways`);
    }
  });
});

describe('Prometheus /metrics', () => {
  it('is absent unless enabled', async () => {
    const off = await createTestApp();
    try {
      expect((await off.api('GET', '/metrics', { token: null })).statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('requires the metrics token when one is set', async () => {
    expect((await t.api('GET', '/metrics', { token: null })).statusCode).toBe(401);
    expect((await t.api('GET', '/metrics', { token: TEST_TOKEN })).statusCode).toBe(401);
    expect((await t.api('GET', '/metrics', { token: METRICS_TOKEN })).statusCode).toBe(200);
  });

  it('counts requests by route pattern and status, with latencies, queue and gateway gauges', async () => {
    await t.api('GET', '/api/v1/users/me');
    await t.api('GET', '/api/v1/users/me');
    await t.api('GET', '/api/v1/users/me', { token: null });
    await t.api('GET', '/api/v1/no/such/thing/42');
    t.services.sseClients = () => 3;
    try {
      const res = await t.api('GET', '/metrics', { token: METRICS_TOKEN });
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.body;
      const sample = (name: string) => {
        const line = text.split('\n').find((l) => l.startsWith(`${name} `));
        return line === undefined ? undefined : Number(line.slice(name.length + 1));
      };
      expect(sample('mc_http_requests_total{method="GET",route="/api/v1/users/me",status="200"}')).toBeGreaterThanOrEqual(2);
      expect(sample('mc_http_requests_total{method="GET",route="/api/v1/users/me",status="401"}')).toBeGreaterThanOrEqual(1);
      expect(sample('mc_http_requests_total{method="GET",route="unmatched",status="404"}')).toBeGreaterThanOrEqual(1);
      expect(text).not.toContain('/no/such/thing');
      const count = sample('mc_http_request_duration_seconds_count{method="GET",route="/api/v1/users/me"}')!;
      expect(count).toBeGreaterThanOrEqual(3);
      expect(sample('mc_http_request_duration_seconds_bucket{method="GET",route="/api/v1/users/me",le="+Inf"}')).toBe(count);
      for (const state of ['pending', 'running', 'done', 'failed']) expect(sample(`mc_jobs{state="${state}"}`)).toBe(0);
      expect(sample('mc_gateways{state="connected"}')).toBe(0);
      expect(sample('mc_sse_clients')).toBe(3);
      expect(sample('mc_database_up')).toBe(1);
      expect(text).toMatch(/^# TYPE mc_http_request_duration_seconds histogram$/m);
    } finally {
      delete t.services.sseClients;
    }
  });
});

describe('request logs', () => {
  it('one line per request with id, method, route, status, duration and client IP; no secrets', async () => {
    const before = t.logs.length;
    await t.api('GET', '/api/v1/users/me?token=query-secret-123', { headers: { 'x-request-id': 'ops-log-1' } });
    const lines = t.logs.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const requestLines = lines.filter((l) => l.msg === 'http.request' && l.request_id === 'ops-log-1');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      level: 30,
      method: 'GET',
      route: '/api/v1/users/me',
      path: '/api/v1/users/me',
      status_code: 200,
      client_ip: '127.0.0.1',
    });
    expect(typeof requestLines[0].duration_ms).toBe('number');
    const all = t.logs.join('\n');
    expect(all).not.toContain(TEST_TOKEN);
    expect(all).not.toContain(METRICS_TOKEN);
    expect(all).not.toContain('query-secret-123');
  });

  it('flags slow requests on the same line', async () => {
    const slow = await createTestApp({ REQUEST_LOG_SLOW_MS: '1' });
    try {
      // Every request of a fresh app takes at least a millisecond: its user is provisioned.
      await slow.api('GET', '/api/v1/users/me', { headers: { 'x-request-id': 'ops-slow-1' } });
      const lines = logLines(slow).filter((l) => l.request_id === 'ops-slow-1' && String(l.msg).startsWith('http.request'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 40, msg: 'http.request.slow', slow: true, status_code: 200 });
    } finally {
      await slow.close();
    }
  });

  it('leaves out health probes unless asked, and honours the level', async () => {
    const quiet = await createTestApp({ LOG_LEVEL: 'warn' });
    try {
      await quiet.api('GET', '/api/v1/users/me');
      await quiet.api('GET', '/api/v1/users/me', { token: null });
      const lines = logLines(quiet).filter((l) => l.msg === 'http.request');
      expect(lines.map((l) => l.status_code)).toEqual([401]);
    } finally {
      await quiet.close();
    }
    const before = t.logs.length;
    await t.api('GET', '/healthz');
    expect(logLines(t).slice(before).filter((l) => l.msg === 'http.request')).toHaveLength(0);
  });
});
