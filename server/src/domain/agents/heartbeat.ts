import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { agents, type Agent } from '../../db/schema';
import { recordActivity } from '../activity/record';

/**
 * A check-in: the agent is alive now. Without a reported status it is `online` — whatever it
 * was before, including `offline` after missed wakes (the reference kept such stale statuses,
 * bug 19). Clears the wake bookkeeping and the last provisioning error.
 */
export async function recordHeartbeat(db: Db, agent: Agent, status?: string | null): Promise<Agent> {
  return db.transaction(async (tx) => {
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
  });
}
