import { eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client';
import { agents, type Agent } from '../../db/schema';
import { recordActivity } from '../activity/record';

/**
 * A check-in: the agent is alive now. Without a reported status it is `online` — whatever it
 * was before, including `offline` after missed wakes (the reference kept such stale statuses,
 * bug 19). Clears the wake bookkeeping and the last provisioning error.
 */
export async function recordHeartbeat(db: Db, agent: Agent, status?: string | null): Promise<Agent> {
  return db.transaction((tx) => applyHeartbeat(tx, agent, status));
}

/** The heartbeat's writes in the caller's transaction (also the presence bump of a task wake). */
export async function applyHeartbeat(tx: Queryable, agent: Pick<Agent, 'id' | 'name' | 'boardId'>, status?: string | null): Promise<Agent> {
  const [updated] = await tx
    .update(agents)
    .set({
      status: status?.trim() || 'online',
      lastSeenAt: new Date(),
      wakeAttempts: 0,
      checkinDeadlineAt: null,
      lastProvisionError: null,
    })
    .where(eq(agents.id, agent.id))
    .returning();
  await recordActivity(tx, { eventType: 'agent.heartbeat', message: `Heartbeat received from ${agent.name}.`, boardId: agent.boardId, agentId: agent.id });
  return updated;
}
