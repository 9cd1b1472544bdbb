// Chat notifications as `agent.notify` jobs (the shared delivery contract, see the agents area).
import { inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { agents } from '../../db/schema';
import { enqueueJob } from '../../jobs/queue';
import type { ChatAgent } from './rules';

export const AGENT_NOTIFY_QUEUE = 'agent.notify';

export interface AgentNotifyPayload {
  agent_id: string | null;
  board_lead_of: string | null;
  message: string;
  deliver: boolean;
  reason: string;
  activity: { board_id: string; task_id: string | null; success_type: string; failure_type: string } | null;
}

/** Records one delivery job per notice in the caller's transaction. */
export async function enqueueAgentNotices(tx: Queryable, organizationId: string, payloads: readonly AgentNotifyPayload[]): Promise<void> {
  for (const payload of payloads) {
    await enqueueJob(tx, AGENT_NOTIFY_QUEUE, { ...payload }, { organizationId });
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
