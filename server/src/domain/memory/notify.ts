// Chat notifications as `agent.notify` jobs (the shared delivery contract, see the agents area).
import { inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { agents } from '../../db/schema';
import { enqueueJob } from '../../jobs/queue';
import { NOTIFY_QUEUE, type NotifyPayload } from '../../jobs/queue-names';
import type { ChatAgent } from './rules';

/** Records one delivery job per notice in the caller's transaction. */
export async function enqueueAgentNotices(tx: Queryable, organizationId: string, payloads: readonly NotifyPayload[]): Promise<void> {
  for (const payload of payloads) {
    await enqueueJob(tx, NOTIFY_QUEUE, { ...payload }, { organizationId });
  }
}

/** The agents of some boards as chat targets, oldest first (a stable order for messages). */
export async function chatAgentsOf(tx: Queryable, boardIds: readonly string[]): Promise<ChatAgent[]> {
  if (!boardIds.length) return [];
  const rows = await tx
    .select({ id: agents.id, name: agents.name, boardId: agents.boardId, isBoardLead: agents.isBoardLead, session: agents.openclawSessionId })
    .from(agents)
    .where(inArray(agents.boardId, [...boardIds]))
    .orderBy(agents.createdAt, agents.id);
  return rows.map((r) => ({ id: r.id, name: r.name, board_id: r.boardId, is_board_lead: r.isBoardLead, has_session: Boolean(r.session) }));
}
