import { existsSync, readdirSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadMigrations } from '../../src/db/migrations';
import { VERSION } from '../../src/runtime/version';
import { POSTGRES_ADMIN_URL } from '../support/database';
import { ensureBuilt, freePort, runCli, tempDir, until, waitReady, type Proc } from '../support/process';

// Each test starts several real servers one after another: generous limits for a loaded machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });
beforeAll(ensureBuilt, 120_000);

const TOKEN = 'o'.repeat(60);
const running: Proc[] = [];
const databases: string[] = [];
afterAll(async () => {
  running.forEach((p) => p.child.kill('SIGKILL'));
  await admin(async (c) => {
    for (const name of databases) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
});

async function admin<T>(fn: (client: pg.Client) => Promise<T>, url = POSTGRES_ADMIN_URL): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A PostgreSQL database of this test's own (dropped in afterAll). */
async function ownDatabase(): Promise<{ name: string; url: string }> {
  const name = `mc_ops_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  databases.push(name);
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return { name, url: POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`) };
}

function start(env: Record<string, string>, port: number): Proc {
  const proc = runCli(['serve'], { PORT: String(port), LOCAL_AUTH_TOKEN: TOKEN, ...env });
  running.push(proc);
  return proc;
}

async function serve(env: Record<string, string>) {
  const port = await freePort();
  const proc = start(env, port);
  await waitReady(port, proc);
  return { port, proc, url: `http://127.0.0.1:${port}` };
}

async function stop(proc: Proc) {
  proc.child.kill('SIGTERM');
  expect(await proc.exited).toBe(0);
}

async function cli(args: string[], env: Record<string, string>) {
  const proc = runCli(args, env);
  const code = await proc.exited;
  return { code, output: proc.output() };
}

const readyz = async (url: string) => {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as { detail?: string; checks: Record<string, { ok: boolean; error?: string }> } };
};

describe('upgrades and rollbacks', () => {
  it('two processes starting at once against one PostgreSQL both come up and migrate once', async () => {
    const db = await ownDatabase();
    const env = { DATABASE_URL: db.url, DATA_DIR: tempDir() };
    const [portA, portB] = [await freePort(), await freePort()];
    const a = start({ ...env }, portA);
    const b = start({ ...env, DATA_DIR: tempDir() }, portB);
    await Promise.all([waitReady(portA, a, 60_000), waitReady(portB, b, 60_000)]);
    const tags = loadMigrations().map((m) => m.tag);
    const rows = await admin((c) => c.query('SELECT tag, app_version FROM mc_schema_migrations ORDER BY tag'), db.url);
    expect(rows.rows).toEqual(tags.map((tag) => ({ tag, app_version: VERSION })));
    const applied = (a.output() + b.output()).match(/applying migration/g) ?? [];
    expect(applied).toHaveLength(tags.length);
    await Promise.all([stop(a), stop(b)]);
  });

  it('a build started on a database migrated by a newer build refuses, naming both versions', async () => {
    const db = await ownDatabase();
    const env = { DATABASE_URL: db.url, DATA_DIR: tempDir() };
    const first = await serve(env);
    await stop(first.proc);
    await admin((c) => c.query(`INSERT INTO mc_schema_migrations (tag, checksum, app_version) VALUES ('9000_from_the_future', 'x', '9.9.9')`), db.url);

    const expected = new RegExp(`migrated by Mission Control 9\\.9\\.9 .*9000_from_the_future.*this is Mission Control ${VERSION.replace(/\./g, '\\.')}`);
    for (const autoMigrate of ['true', 'false']) {
      const refused = await cli(['serve'], { ...env, PORT: String(await freePort()), LOCAL_AUTH_TOKEN: TOKEN, DB_AUTO_MIGRATE: autoMigrate });
      expect(refused.code).not.toBe(0);
      expect(refused.output).toMatch(expected);
    }
    const migrate = await cli(['migrate'], env);
    expect(migrate.code).not.toBe(0);
    expect(migrate.output).toMatch(expected);
    const status = await cli(['migrate', '--check'], env);
    expect(status.code).toBe(1);
    expect(status.output).toContain(`unknown  9000_from_the_future (applied by Mission Control 9.9.9; this is ${VERSION})`);
    // Nothing was changed by the refusals.
    const rows = await admin((c) => c.query('SELECT count(*)::int AS n FROM mc_schema_migrations'), db.url);
    expect(rows.rows[0].n).toBe(loadMigrations().length + 1);
  });
});

/** A TCP relay in front of PostgreSQL that can be taken away and brought back on the same port. */
class Relay {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  constructor(readonly port: number) {}
  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection({ host: '127.0.0.1', port: Number(new URL(POSTGRES_ADMIN_URL).port || 5432) });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('readiness follows PostgreSQL without a restart', () => {
  it('503 naming the database while its port is gone, 200 when it is back', async () => {
    const db = await ownDatabase();
    const relay = new Relay(await freePort());
    await relay.up();
    const via = new URL(db.url);
    via.host = `127.0.0.1:${relay.port}`;
    const server = await serve({ DATABASE_URL: via.toString(), DATA_DIR: tempDir() });
    try {
      expect((await readyz(server.url)).status).toBe(200);
      await relay.down();
      const down = await until(async () => {
        const r = await readyz(server.url);
        return r.status === 503 ? r : null;
      });
      expect(down.body.detail).toMatch(/^Not ready: database \(/);
      expect(down.body.checks.database.ok).toBe(false);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      await relay.up();
      await until(async () => (await readyz(server.url)).status === 200);
      expect(server.proc.child.exitCode).toBeNull();
    } finally {
      await relay.down();
    }
    await stop(server.proc);
  });

  it('503 naming the database when it is dropped, then the migrations when it is recreated empty, 200 after migrate', async () => {
    const db = await ownDatabase();
    const env = { DATABASE_URL: db.url, DATA_DIR: tempDir() };
    const server = await serve(env);
    await admin((c) => c.query(`DROP DATABASE ${db.name} WITH (FORCE)`));
    const dropped = await until(async () => {
      const r = await readyz(server.url);
      return r.status === 503 ? r : null;
    });
    expect(dropped.body.detail).toMatch(/^Not ready: database \(.*does not exist/);
    await admin((c) => c.query(`CREATE DATABASE ${db.name}`));
    const empty = await until(async () => {
      const r = await readyz(server.url);
      return r.status === 503 && r.body.checks.database.ok ? r : null;
    });
    expect(empty.body.detail).toMatch(/^Not ready: migrations \(/);
    expect(empty.body.checks.job_queue.ok).toBe(false);
    expect((await cli(['migrate'], env)).code).toBe(0);
    await until(async () => (await readyz(server.url)).status === 200);
    await stop(server.proc);
  });
});

describe('backup and restore commands', () => {
  const me = async (url: string) =>
    (await fetch(`${url}/api/v1/users/me`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Promise<Record<string, unknown>>;
  const patchMe = (url: string, body: Record<string, unknown>) =>
    fetch(`${url}/api/v1/users/me`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('embedded database: backs up while served, restores into an empty dir and with --force only over data', async () => {
    const dataDir = tempDir();
    const work = tempDir();
    const server = await serve({ DATA_DIR: dataDir });
    await patchMe(server.url, { preferred_name: 'Before backup' });

    // Online: the serving process writes the backup and keeps serving.
    const file = join(work, 'embedded.dump');
    const backingUp = cli(['backup', file], { DATA_DIR: dataDir });
    expect((await me(server.url)).preferred_name).toBe('Before backup');
    const made = await backingUp;
    expect(made.code).toBe(0);
    expect(made.output).toMatch(/^Backing up the embedded database through the running Mission Control \(pid \d+\)/m);
    expect(made.output).toMatch(/^ {2}\[\d+\/\d+\] users: 1 rows$/m);
    expect(made.output).toMatch(new RegExp(`^Backup written: ${file} \\(\\d+(\\.\\d)? (B|KiB|MiB), logical dump\\)$`, 'm'));
    expect(readdirSync(work)).toEqual(['embedded.dump']);
    expect((await cli(['backup', file], { DATA_DIR: dataDir })).output).toMatch(/already exists/);
    await patchMe(server.url, { preferred_name: 'After backup' });

    const busy = await cli(['restore', file, '--force'], { DATA_DIR: dataDir });
    expect(busy.code).not.toBe(0);
    expect(busy.output).toMatch(/in use by Mission Control \(serve, pid \d+\): stop it first/);
    expect((await me(server.url)).preferred_name).toBe('After backup');
    await stop(server.proc);

    const offline = await cli(['backup', join(work, 'offline.dump')], { DATA_DIR: dataDir });
    expect(offline.code).toBe(0);
    expect(offline.output).toMatch(/^Backing up the embedded database to /m);

    const restoredDir = tempDir();
    const restored = await cli(['restore', file], { DATA_DIR: restoredDir });
    expect(restored.code).toBe(0);
    const again = await serve({ DATA_DIR: restoredDir });
    expect((await me(again.url)).preferred_name).toBe('Before backup');
    await patchMe(again.url, { preferred_name: 'After restore' });
    await stop(again.proc);

    const refused = await cli(['restore', file], { DATA_DIR: restoredDir });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/not empty.*--force/);
    expect((await cli(['restore', join(work, 'offline.dump'), '--force'], { DATA_DIR: restoredDir })).code).toBe(0);
    const last = await serve({ DATA_DIR: restoredDir });
    expect((await me(last.url)).preferred_name).toBe('After backup');
    await stop(last.proc);
  });

  it('PostgreSQL: pg_dump archive restored into another database', async () => {
    const source = await ownDatabase();
    const work = tempDir();
    const server = await serve({ DATABASE_URL: source.url, DATA_DIR: tempDir() });
    await patchMe(server.url, { preferred_name: 'On PostgreSQL' });
    const file = join(work, 'pg.dump');
    const made = await cli(['backup', file], { DATABASE_URL: source.url, DATA_DIR: tempDir() });
    expect(made.code).toBe(0);
    expect(made.output).toMatch(/pg_dump \(PostgreSQL\) \d+/);
    expect(made.output).toMatch(/pg_dump custom format\)$/m);
    await stop(server.proc);

    const target = await ownDatabase();
    const restored = await cli(['restore', file], { DATABASE_URL: target.url, DATA_DIR: tempDir() });
    expect(restored.code).toBe(0);
    const again = await serve({ DATABASE_URL: target.url, DATA_DIR: tempDir() });
    expect((await me(again.url)).preferred_name).toBe('On PostgreSQL');
    await stop(again.proc);
    const intoEmbedded = await cli(['restore', file], { DATA_DIR: tempDir() });
    expect(intoEmbedded.code).not.toBe(0);
    expect(intoEmbedded.output).toMatch(/PostgreSQL \(pg_dump\) backup: restore it with DATABASE_URL/);
  });
});
