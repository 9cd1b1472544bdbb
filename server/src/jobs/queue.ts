import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { jobs, type Job } from '../db/schema';

export interface EnqueueOptions {
  organizationId?: string | null;
  /** Run no earlier than this (default: now). */
  runAt?: Date;
  maxAttempts?: number;
  /** At most one pending or running job per key; a duplicate enqueue is dropped. */
  dedupeKey?: string;
}

/**
 * Records a job in the caller's transaction, so it exists exactly when the change that asked
 * for it commits (a transactional outbox). Returns the job, or null when deduplicated away.
 */
export async function enqueueJob(
  tx: Queryable,
  queue: string,
  payload: Record<string, unknown>,
  options: EnqueueOptions = {},
): Promise<Job | null> {
  const [job] = await tx
    .insert(jobs)
    .values({
      queue,
      payload,
      organizationId: options.organizationId ?? null,
      runAt: options.runAt ?? new Date(),
      maxAttempts: options.maxAttempts ?? 5,
      dedupeKey: options.dedupeKey ? `${queue}:${options.dedupeKey}` : null,
    })
    .onConflictDoNothing({ target: jobs.dedupeKey, where: sql`${jobs.state} IN ('pending', 'running')` })
    .returning();
  return job ?? null;
}
