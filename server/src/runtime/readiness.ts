import { Redis } from 'ioredis';
import { loadMigrations } from '../db/migrations';
import type { Services } from '../services';

export interface CheckResult {
  ok: boolean;
  /** Why the dependency is not usable (absent when ok). */
  error?: string;
}

export interface Readiness {
  ok: boolean;
  /** Names of failing dependencies, in check order. */
  failing: string[];
  checks: Record<string, CheckResult>;
}

const CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms = CHECK_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function reason(error: unknown): string {
  const err = error as { code?: string; message?: string };
  const message = (err?.message || err?.code || String(error)).split('\n')[0];
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

let knownTags: string[] | null = null;
const migrationTags = () => (knownTags ??= loadMigrations().map((m) => m.tag));

/** A Redis connection used only to answer readiness, per process; reconnects on its own. */
const probes = new WeakMap<Services, Redis>();

export function redisProbe(services: Services): Redis | null {
  const url = services.config.rateLimit.backend === 'redis' ? services.config.rateLimit.redisUrl : null;
  if (!url) return null;
  let client = probes.get(services);
  if (!client) {
    client = new Redis(url, { lazyConnect: true, connectTimeout: CHECK_TIMEOUT_MS, maxRetriesPerRequest: 0, enableReadyCheck: false });
    client.on('error', () => undefined); // reported through the check instead
    probes.set(services, client);
  }
  return client;
}

export async function closeRedisProbe(services: Services): Promise<void> {
  const client = probes.get(services);
  probes.delete(services);
  if (client) client.disconnect();
}

async function pingRedis(client: Redis): Promise<void> {
  if (client.status === 'wait' || client.status === 'end') await client.connect();
  const answer = await client.ping();
  if (answer !== 'PONG') throw new Error(`unexpected answer ${answer}`);
}

/**
 * Asks every dependency whether it can serve: the database, its migrations (all of this build's
 * applied, none from a newer build), the job queue table and, with RATE_LIMIT_BACKEND=redis,
 * Redis. Checks that need the database are skipped while it is down.
 */
export async function checkReadiness(services: Services): Promise<Readiness> {
  const { database } = services;
  const checks: Record<string, CheckResult> = {};
  const run = async (name: string, fn: () => Promise<void>) => {
    try {
      await withTimeout(fn());
      checks[name] = { ok: true };
    } catch (error) {
      checks[name] = { ok: false, error: reason(error) };
    }
  };
  await run('database', async () => {
    await database.query('SELECT 1');
  });
  if (checks.database.ok) {
    await run('migrations', async () => {
      if (!services.state.migrated) throw new Error('not applied yet');
      const rows = await database.query<{ tag: string }>('SELECT tag FROM mc_schema_migrations');
      const applied = new Set(rows.map((r) => r.tag));
      const known = migrationTags();
      const pending = known.filter((t) => !applied.has(t));
      const unknown = [...applied].filter((t) => !known.includes(t));
      if (pending.length) throw new Error(`pending: ${pending.join(', ')}`);
      if (unknown.length) throw new Error(`applied by a newer build: ${unknown.join(', ')}`);
    });
    await run('job_queue', async () => {
      await database.query('SELECT 1 FROM jobs LIMIT 1');
    });
  } else {
    const skipped = { ok: false, error: 'skipped: the database is unavailable' };
    checks.migrations = skipped;
    checks.job_queue = skipped;
  }
  const redis = redisProbe(services);
  if (redis) await run('redis', () => pingRedis(redis));
  // A skipped check is not the cause: name only what failed on its own.
  const failing = Object.entries(checks)
    .filter(([, c]) => !c.ok && !c.error?.startsWith('skipped'))
    .map(([name]) => name);
  return { ok: failing.length === 0, failing, checks };
}
