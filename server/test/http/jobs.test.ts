import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/db/schema';
import { DeferJob, PermanentJobError, retryDelayMs } from '../../src/jobs/errors';
import { enqueueJob } from '../../src/jobs/queue';
import { Worker } from '../../src/jobs/worker';
import { createTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const state = async (id: string) =>
  (await t.services.database.query<{ state: string; attempts: number; last_error: string | null; run_at: Date }>('SELECT state, attempts, last_error, run_at FROM jobs WHERE id = $1', [id]))[0];

function worker(handlers: Record<string, (job: Job) => Promise<void>>) {
  const w = new Worker(t.services.database, t.services.logger, { lockMs: 60_000 });
  for (const [queue, handler] of Object.entries(handlers)) w.handle(queue, handler);
  return w;
}

describe('job queue', () => {
  it('runs a job once and marks it done', async () => {
    const seen: unknown[] = [];
    const job = await enqueueJob(t.services.db, 'test.ok', { n: 1 });
    const ran = await worker({ 'test.ok': async (j) => void seen.push(j.payload) }).pass();
    expect(ran).toBe(1);
    expect(seen).toEqual([{ n: 1 }]);
    expect((await state(job!.id)).state).toBe('done');
    expect(await worker({ 'test.ok': async (j) => void seen.push(j.payload) }).pass()).toBe(0);
  });

  it('an enqueue inside a rolled-back transaction leaves no job', async () => {
    await t.services.db
      .transaction(async (tx) => {
        await enqueueJob(tx, 'test.rollback', {});
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const rows = await t.services.database.query("SELECT 1 FROM jobs WHERE queue = 'test.rollback'");
    expect(rows).toHaveLength(0);
  });

  it('retries a failing job later, then fails it for good after max attempts', async () => {
    const job = await enqueueJob(t.services.db, 'test.flaky', {}, { maxAttempts: 2 });
    const w = worker({ 'test.flaky': async () => Promise.reject(new Error('boom')) });
    await w.pass();
    const first = await state(job!.id);
    expect(first).toMatchObject({ state: 'pending', attempts: 1, last_error: 'boom' });
    expect(new Date(first.run_at).getTime()).toBeGreaterThan(Date.now());
    await t.services.database.query('UPDATE jobs SET run_at = now() WHERE id = $1', [job!.id]);
    await w.pass();
    expect(await state(job!.id)).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('a permanent error is not retried; a deferral does not use up an attempt', async () => {
    const permanent = await enqueueJob(t.services.db, 'test.permanent', {});
    await worker({ 'test.permanent': async () => Promise.reject(new PermanentJobError('gone')) }).pass();
    expect(await state(permanent!.id)).toMatchObject({ state: 'failed', attempts: 1, last_error: 'gone' });
    const deferred = await enqueueJob(t.services.db, 'test.defer', {});
    await worker({ 'test.defer': async () => Promise.reject(new DeferJob(60_000, 'gateway offline')) }).pass();
    expect(await state(deferred!.id)).toMatchObject({ state: 'pending', attempts: 0, last_error: 'gateway offline' });
  });

  it('deduplicates pending jobs with the same key, and allows the key again once done', async () => {
    const a = await enqueueJob(t.services.db, 'test.dedupe', { i: 1 }, { dedupeKey: 'k' });
    const b = await enqueueJob(t.services.db, 'test.dedupe', { i: 2 }, { dedupeKey: 'k' });
    expect(a).not.toBeNull();
    expect(b).toBeNull();
    await worker({ 'test.dedupe': async () => undefined }).pass();
    expect(await enqueueJob(t.services.db, 'test.dedupe', { i: 3 }, { dedupeKey: 'k' })).not.toBeNull();
  });

  it('several workers at once run each job exactly once', async () => {
    for (let i = 0; i < 30; i++) await enqueueJob(t.services.db, 'test.many', { i });
    const runs: number[] = [];
    const handler = async (job: Job) => {
      runs.push(Number(job.payload.i));
      await new Promise((r) => setTimeout(r, 2));
    };
    await Promise.all([worker({ 'test.many': handler }).pass(), worker({ 'test.many': handler }).pass(), worker({ 'test.many': handler }).pass()]);
    expect(runs.sort((x, y) => x - y)).toEqual([...Array(30).keys()]);
  });

  it('takes over a job whose worker died (lock expired)', async () => {
    const job = await enqueueJob(t.services.db, 'test.orphan', {});
    await t.services.database.query("UPDATE jobs SET state = 'running', attempts = 1, locked_until = now() - interval '1 second' WHERE id = $1", [job!.id]);
    await worker({ 'test.orphan': async () => undefined }).pass();
    expect(await state(job!.id)).toMatchObject({ state: 'done', attempts: 2 });
  });
});

describe('retry delays', () => {
  it('grow exponentially up to the cap, with jitter in the upper half', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(retryDelayMs(20, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
