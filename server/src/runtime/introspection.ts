import { JOB_STATES, type JobState } from '../db/schema/jobs';
import type { Database } from '../db/client';
import type { GatewayStates, Services } from '../services';

/** Jobs per state, every state present (zero when none). */
export async function jobCounts(database: Database): Promise<Record<JobState, number>> {
  const rows = await database.query<{ state: JobState; n: number }>('SELECT state, count(*)::int AS n FROM jobs GROUP BY state');
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const row of rows) if (row.state in counts) counts[row.state] = Number(row.n);
  return counts;
}

/** Size on disk of the current database, in bytes. */
export async function databaseSize(database: Database): Promise<number> {
  const rows = await database.query<{ bytes: string | number }>('SELECT pg_database_size(current_database()) AS bytes');
  return Number(rows[0]?.bytes ?? 0);
}

/**
 * Gateway connection states: every registered gateway counts; connected ones are those this
 * process holds a live connection to (a worker-only process may hold different ones).
 */
export async function gatewayStates(services: Services): Promise<GatewayStates> {
  const rows = await services.database.query<{ n: number }>('SELECT count(*)::int AS n FROM gateways');
  return services.gateways.counts(Number(rows[0]?.n ?? 0));
}

export const uptimeSeconds = (services: Services) => Math.max(0, (Date.now() - services.startedAt.getTime()) / 1000);
