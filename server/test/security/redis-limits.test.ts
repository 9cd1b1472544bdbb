import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_AUTH_LIMIT } from '../../src/http/rate-limits';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ensureBuilt, freePort, runCli, tempDir, until, waitReady, type Proc } from '../support/process';

// Rate limits shared through the Redis on 127.0.0.1:6379 by two separate server processes, and
// the Redis backend's failure modes. Each run uses its own client address (through a trusted
// proxy header), so runs never share a bucket.
const REDIS_URL = 'redis://127.0.0.1:6379/0';
const running: Proc[] = [];
let db: TestDatabase;

beforeAll(async () => {
  await ensureBuilt();
  db = await createTestDatabase('postgres');
}, 180_000);

afterAll(async () => {
  for (const proc of running) proc.child.kill('SIGKILL');
  await Promise.all(running.map((p) => p.exited));
  await db?.drop();
});

const baseEnv = () => ({
  DATA_DIR: tempDir(),
  DATABASE_URL: db.url!,
  LOCAL_AUTH_TOKEN: 'r'.repeat(64),
  SECRETS_KEY: Buffer.alloc(32, 5).toString('base64'),
  TRUSTED_PROXIES: '127.0.0.1',
  LOG_FORMAT: 'json',
});

async function serve(env: Record<string, string>, probe = '/readyz') {
  const port = await freePort();
  const proc = runCli(['serve', '--no-worker'], { PORT: String(port), ...baseEnv(), ...env });
  running.push(proc);
  await waitReady(port, proc, 30_000, probe);
  return { port, proc };
}

const badAgentCall = (port: number, ip: string) =>
  fetch(`http://127.0.0.1:${port}/api/v1/agent/healthz`, { headers: { 'x-agent-token': `bogus-${randomUUID()}`, 'x-forwarded-for': ip } }).then((r) => r.status);

describe('Redis-backed rate limits', () => {
  it('two processes sharing one Redis enforce one limit', async () => {
    const a = await serve({ RATE_LIMIT_BACKEND: 'redis', RATE_LIMIT_REDIS_URL: REDIS_URL });
    const b = await serve({ RATE_LIMIT_BACKEND: 'redis', RATE_LIMIT_REDIS_URL: REDIS_URL });
    const ip = `2001:db8:${randomBytes(2).toString('hex')}::${randomBytes(2).toString('hex')}`;
    const seen: number[] = [];
    const half = AGENT_AUTH_LIMIT.max / 2;
    for (let i = 0; i < half; i++) seen.push(await badAgentCall(a.port, ip));
    for (let i = 0; i < half; i++) seen.push(await badAgentCall(b.port, ip));
    expect(seen).toEqual(Array(AGENT_AUTH_LIMIT.max).fill(401));
    // The shared window is now full: both processes refuse.
    expect(await badAgentCall(a.port, ip)).toBe(429);
    expect(await badAgentCall(b.port, ip)).toBe(429);
    // Another client is unaffected.
    expect(await badAgentCall(b.port, `${ip}1`)).toBe(401);
  });

  it('fails open with a warning that carries no credentials when Redis is unreachable', async () => {
    const password = `Pw${randomBytes(8).toString('hex')}`;
    const port = await freePort(); // nothing listens there
    // Readiness reports the missing Redis (503); the server still serves, failing open.
    const s = await serve({ RATE_LIMIT_BACKEND: 'redis', RATE_LIMIT_REDIS_URL: `redis://user:${password}@127.0.0.1:${port}/0` }, '/healthz');
    const ready = await fetch(`http://127.0.0.1:${s.port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).not.toContain(password);
    const ip = '198.51.100.77';
    const seen: number[] = [];
    for (let i = 0; i < AGENT_AUTH_LIMIT.max + 5; i++) seen.push(await badAgentCall(s.port, ip));
    expect(new Set(seen)).toEqual(new Set([401]));
    await until(async () => s.proc.output().includes('rate-limit'), 30_000);
    expect(s.proc.output()).not.toContain(password);
  });

  it('refuses to start without a Redis URL, and never prints the password of one it cannot use', async () => {
    const missing = runCli(['serve'], { ...baseEnv(), PORT: String(await freePort()), RATE_LIMIT_BACKEND: 'redis' });
    expect(await missing.exited).not.toBe(0);
    expect(missing.output()).toContain('RATE_LIMIT_REDIS_URL');

    const password = `Pw${randomBytes(8).toString('hex')}`;
    const invalid = runCli(['serve'], { ...baseEnv(), PORT: String(await freePort()), RATE_LIMIT_BACKEND: 'redis', RATE_LIMIT_REDIS_URL: `http://user:${password}@nohost:6379` });
    expect(await invalid.exited).not.toBe(0);
    expect(invalid.output()).toContain('RATE_LIMIT_REDIS_URL');
    expect(invalid.output()).not.toContain(password);
  });
});
