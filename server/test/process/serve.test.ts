import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_ADMIN_URL } from '../support/database';
import { ensureBuilt, freePort, runCli, tempDir, waitReady, type Proc } from '../support/process';

beforeAll(ensureBuilt, 120_000);

const running: Proc[] = [];
afterAll(() => running.forEach((p) => p.child.kill('SIGKILL')));

async function serve(env: Record<string, string>) {
  const port = await freePort();
  const proc = runCli(['serve'], { PORT: String(port), ...env });
  running.push(proc);
  await waitReady(port, proc);
  return { port, proc, url: `http://127.0.0.1:${port}` };
}

const me = (url: string, token?: string) =>
  fetch(`${url}/api/v1/users/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('serve on the embedded database', () => {
  it('generates a token once, survives a clean stop and a kill -9 with all data', async () => {
    const dataDir = tempDir();
    const first = await serve({ DATA_DIR: dataDir });
    const tokenFile = join(dataDir, 'local-auth-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(50);
    expect(first.proc.output()).toContain('local-auth-token');
    expect(first.proc.output()).not.toContain(token);

    const unauthenticated = await me(first.url);
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({ detail: 'Not authenticated' });
    const patched = await fetch(`${first.url}/api/v1/users/me`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ preferred_name: 'Grace' }),
    });
    const user = await patched.json();
    expect(user.preferred_name).toBe('Grace');

    first.proc.child.kill('SIGTERM');
    expect(await first.proc.exited).toBe(0);

    const second = await serve({ DATA_DIR: dataDir });
    expect(second.proc.output()).not.toContain('was generated');
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(token);
    expect((await (await me(second.url, token)).json()).preferred_name).toBe('Grace');
    await fetch(`${second.url}/api/v1/users/me`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pronouns: 'she/her' }),
    });
    second.proc.child.kill('SIGKILL');
    await second.proc.exited;

    const third = await serve({ DATA_DIR: dataDir });
    const after = await (await me(third.url, token)).json();
    expect(after).toMatchObject({ id: user.id, preferred_name: 'Grace', pronouns: 'she/her' });
    third.proc.child.kill('SIGINT');
    expect(await third.proc.exited).toBe(0);
  });
});

describe('serve on PostgreSQL', () => {
  const name = `mc_proc_${Date.now()}`;
  beforeAll(async () => {
    const client = new pg.Client(POSTGRES_ADMIN_URL);
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
  });
  afterAll(async () => {
    const client = new pg.Client(POSTGRES_ADMIN_URL);
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  it('works the same with DATABASE_URL and reports migrations with the CLI', async () => {
    const databaseUrl = POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    const dataDir = tempDir();
    const pending = runCli(['migrate', '--check'], { DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
    expect(await pending.exited).toBe(1);
    expect(pending.output()).toContain('pending  0000_initial');
    const server = await serve({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOCAL_AUTH_TOKEN: 'p'.repeat(60) });
    expect((await me(server.url, 'p'.repeat(60))).status).toBe(200);
    server.proc.child.kill('SIGTERM');
    expect(await server.proc.exited).toBe(0);
    const check = runCli(['migrate', '--check'], { DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
    expect(await check.exited).toBe(0);
    expect(check.output()).toContain('applied  0000_initial');
  });
});

describe('invalid settings stop startup', () => {
  it.each([
    [{ LOCAL_AUTH_TOKEN: 'change-me' }, 'LOCAL_AUTH_TOKEN'],
    [{ BASE_URL: 'not-a-url' }, 'BASE_URL'],
    [{ AUTH_MODE: 'magic' }, 'AUTH_MODE'],
    [{ PORT: 'abc' }, 'PORT'],
  ])('%o exits non-zero naming %s', async (env, variable) => {
    const proc = runCli(['serve'], { DATA_DIR: tempDir(), ...env });
    expect(await proc.exited).not.toBe(0);
    const lines = proc.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
  });
});
