// Helpers for tests of areas that message agents: agents with gateway sessions on fixture boards,
// and the `agent.notify` jobs those areas record.
import { randomUUID } from 'node:crypto';
import type { TestApp } from './app';
import { seedAgent } from './agents';

export interface NotifyJob {
  agent_id: string | null;
  board_lead_of: string | null;
  message: string;
  deliver: boolean;
  reason: string;
  activity: { board_id: string; task_id: string | null; success_type: string; failure_type: string } | null;
}

/** An agent with a real token on a board (or gateway-main with boardId null); `session: false` for one that cannot be messaged. */
export async function boardAgent(t: TestApp, values: { gatewayId: string; boardId: string | null; name: string; lead?: boolean; session?: boolean }) {
  const seeded = await seedAgent(t.services, { gatewayId: values.gatewayId, boardId: values.boardId, name: values.name, isBoardLead: values.lead ?? false });
  if (values.session !== false) {
    await t.services.database.query('UPDATE agents SET openclaw_session_id = $1 WHERE id = $2', [`agent:${randomUUID()}:main`, seeded.agent.id]);
  }
  return seeded;
}

/** Every `agent.notify` job recorded so far (and their organization), oldest first. */
export async function notifyJobs(t: TestApp): Promise<(NotifyJob & { organization_id: string | null })[]> {
  const rows = await t.services.database.query<{ payload: NotifyJob; organization_id: string | null }>(
    "SELECT payload, organization_id FROM jobs WHERE queue = 'agent.notify' ORDER BY created_at, id",
  );
  return rows.map((r) => ({ ...r.payload, organization_id: r.organization_id }));
}

export async function clearNotifyJobs(t: TestApp): Promise<void> {
  await t.services.database.query("DELETE FROM jobs WHERE queue = 'agent.notify'");
}

/** As an agent: its token in X-Agent-Token (or as a bearer token). */
export function asAgent(t: TestApp, token: string, method: string, url: string, body?: unknown, header: 'x-agent-token' | 'bearer' = 'x-agent-token') {
  const headers: Record<string, string> = header === 'bearer' ? { authorization: `Bearer ${token}` } : { 'x-agent-token': token };
  return t.api(method as never, url, { token: null, headers, ...(body !== undefined ? { body } : {}) });
}
