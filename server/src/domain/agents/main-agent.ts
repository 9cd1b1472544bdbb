import { and, eq, isNull } from 'drizzle-orm';
import { agents, type Gateway } from '../../db/schema';
import type { Services } from '../../services';
import { DEFAULT_HEARTBEAT, sessionKeyOf } from './gateway-identity';
import { requestLifecycle } from './lifecycle-jobs';

export const MAIN_AGENT_IDENTITY = { role: 'Gateway Agent', communication_style: 'direct, concise, practical', emoji: ':compass:' };

/**
 * Makes sure the gateway has its main agent (one per gateway, no board) and asks for it to be
 * provisioned or updated. The gateway work is a durable job; its outcome shows on the agent.
 */
export async function ensureMainAgent(services: Services, gateway: Gateway, options: { userId: string | null; action: 'provision' | 'update' }): Promise<void> {
  await services.db.transaction(async (tx) => {
    const name = `${gateway.name} Gateway Agent`;
    let [agent] = await tx.select().from(agents).where(and(eq(agents.gatewayId, gateway.id), isNull(agents.boardId))).for('update');
    if (!agent) {
      [agent] = await tx
        .insert(agents)
        .values({ gatewayId: gateway.id, boardId: null, name, heartbeatConfig: { ...DEFAULT_HEARTBEAT }, identityProfile: MAIN_AGENT_IDENTITY })
        .returning();
      [agent] = await tx.update(agents).set({ openclawSessionId: sessionKeyOf(agent) }).where(eq(agents.id, agent.id)).returning();
    } else if (agent.name !== name) {
      [agent] = await tx.update(agents).set({ name }).where(eq(agents.id, agent.id)).returning();
    }
    await requestLifecycle(tx, agent, gateway.organizationId, { action: agent.lastSeenAt || options.action === 'update' ? 'update' : 'provision', userId: options.userId, wake: true });
  });
  services.worker.wake();
}
