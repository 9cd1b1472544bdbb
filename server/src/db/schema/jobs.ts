import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from './columns';
import { organizations } from './organizations';

// Durable job queue (claimed with SELECT ... FOR UPDATE SKIP LOCKED by the worker).

export const JOB_STATES = ['pending', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const jobs = pgTable(
  'jobs',
  {
    id: id(),
    queue: text('queue').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    organizationId: uuid('organization_id').references(() => organizations.id, {
      onDelete: 'cascade',
    }),
    state: text('state').$type<JobState>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    runAt: ts('run_at').notNull().defaultNow(),
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    /**
     * At most one pending/running job per key, across all queues: prefix keys with the queue name.
     * Insert with ON CONFLICT (dedupe_key) WHERE state IN ('pending', 'running') DO NOTHING.
     */
    dedupeKey: text('dedupe_key'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ix_jobs_state_run_at').on(t.state, t.runAt),
    index('ix_jobs_organization_id').on(t.organizationId),
    uniqueIndex('uq_jobs_dedupe_key_active')
      .on(t.dedupeKey)
      .where(sql`${t.state} IN ('pending', 'running')`),
    check('ck_jobs_state', sql`${t.state} IN ('pending', 'running', 'done', 'failed')`),
  ],
);

export type Job = typeof jobs.$inferSelect;
export type NewJob = typeof jobs.$inferInsert;
