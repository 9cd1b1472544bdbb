import type { Logger } from 'pino';
import type { Database } from '../db/client';
import type { Job } from '../db/schema';
import { DeferJob, PermanentJobError, retryDelayMs } from './errors';

export type JobHandler = (job: Job) => Promise<void>;

export interface WorkerOptions {
  /** How long a claimed job stays locked before another worker may take it over. */
  lockMs?: number;
  pollMs?: number;
  batchSize?: number;
}

const RETENTION_DAYS = 7;

/**
 * Runs queued jobs. Any number of workers (in-process or separate processes) can share one
 * database: jobs are claimed with FOR UPDATE SKIP LOCKED and a lock deadline, so a worker that
 * dies mid-job leaves it to be picked up again once the lock expires.
 */
export class Worker {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private wakeRequested = false;
  private lastCleanup = 0;
  readonly lockMs: number;
  readonly pollMs: number;
  readonly batchSize: number;

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    options: WorkerOptions = {},
  ) {
    this.lockMs = options.lockMs ?? 120_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.batchSize = options.batchSize ?? 10;
  }

  handle(queue: string, handler: JobHandler): this {
    this.handlers.set(queue, handler);
    return this;
  }

  queues(): string[] {
    return [...this.handlers.keys()];
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a pass soon (after a commit that enqueued work in this process). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.wakeRequested = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pass().then(() => undefined).finally(() => {
        this.running = null;
        const again = this.wakeRequested;
        this.wakeRequested = false;
        this.schedule(again ? 0 : this.pollMs);
      });
    }, delay);
    this.timer.unref?.();
  }

  /** Claims and runs jobs until none is due. Returns how many ran (for tests and the CLI). */
  async pass(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const claimed = await this.claim();
        if (!claimed.length) break;
        for (const job of claimed) await this.run(job);
        total += claimed.length;
        if (this.stopped) break;
      }
      await this.cleanup();
    } catch (error) {
      this.logger.error({ err: error }, 'job worker pass failed');
    }
    return total;
  }

  private async claim(): Promise<Job[]> {
    const queues = this.queues();
    if (!queues.length) return [];
    const rows = await this.database.query<Record<string, unknown>>(
      `UPDATE jobs SET state = 'running', attempts = attempts + 1,
              locked_until = now() + ($1::int * interval '1 millisecond'), updated_at = now()
        WHERE id IN (
          SELECT id FROM jobs
           WHERE queue = ANY($2::text[])
             AND ((state = 'pending' AND run_at <= now()) OR (state = 'running' AND locked_until < now()))
           ORDER BY run_at
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [this.lockMs, queues, this.batchSize],
    );
    return rows.map(toJob);
  }

  private async run(job: Job): Promise<void> {
    const handler = this.handlers.get(job.queue)!;
    const log = this.logger.child({ job_id: job.id, queue: job.queue, attempt: job.attempts });
    try {
      await handler(job);
      await this.database.query(`UPDATE jobs SET state = 'done', locked_until = NULL, last_error = NULL, updated_at = now() WHERE id = $1`, [job.id]);
      log.debug('job done');
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (error instanceof DeferJob) {
        await this.database.query(
          `UPDATE jobs SET state = 'pending', attempts = attempts - 1, locked_until = NULL, last_error = $2,
                  run_at = now() + ($3::int * interval '1 millisecond'), updated_at = now() WHERE id = $1`,
          [job.id, message, error.delayMs],
        );
        log.info({ reason: message, delay_ms: error.delayMs }, 'job deferred');
        return;
      }
      const final = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      await this.database.query(
        `UPDATE jobs SET state = $2, locked_until = NULL, last_error = $3,
                run_at = now() + ($4::int * interval '1 millisecond'), updated_at = now() WHERE id = $1`,
        [job.id, final ? 'failed' : 'pending', message.slice(0, 2000), final ? 0 : retryDelayMs(job.attempts)],
      );
      if (final) log.error({ err: error }, 'job failed for good');
      else log.warn({ error: message }, 'job failed; will retry');
    }
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 3_600_000) return;
    this.lastCleanup = Date.now();
    await this.database.query(`DELETE FROM jobs WHERE state = 'done' AND updated_at < now() - interval '${RETENTION_DAYS} days'`);
  }
}

/** Raw rows (snake_case) to the Drizzle row shape. */
function toJob(row: Record<string, unknown>): Job {
  const date = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
  return {
    id: String(row.id),
    queue: String(row.queue),
    payload: row.payload as Record<string, unknown>,
    organizationId: (row.organization_id as string | null) ?? null,
    state: row.state as Job['state'],
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAt: date(row.run_at)!,
    lockedUntil: date(row.locked_until),
    lastError: (row.last_error as string | null) ?? null,
    dedupeKey: (row.dedupe_key as string | null) ?? null,
    createdAt: date(row.created_at)!,
    updatedAt: date(row.updated_at)!,
  };
}
