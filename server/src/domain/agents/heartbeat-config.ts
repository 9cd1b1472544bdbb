// Heartbeat cadence changes for many agents at once (board-group heartbeat, spec 2.12): the
// stored config is updated in one transaction, then each gateway gets its config patch.
import { eq, inArray } from 'drizzle-orm';
import { agents, gateways, type Agent } from '../../db/schema';
import type { Services } from '../../services';
import { agentConfigPatch, configHolds, DEFAULT_HEARTBEAT, gatewayAgentKey } from './gateway-identity';
import { CoordinationError, withGateway } from './coordination';

/** The agent's heartbeat config with the new cadence: defaults, then its own values, then `every` and `target: last`. */
export function withCadence(current: Record<string, unknown> | null | undefined, every: string): Record<string, unknown> {
  return { ...DEFAULT_HEARTBEAT, includeReasoning: false, ...(current ?? {}), every, target: 'last' };
}

/**
 * Sets the cadence of these agents and pushes it to their gateways. Returns the ids updated in
 * the database and those whose gateway could not take the change (missing or failing gateway).
 */
export async function applyCadence(services: Services, targets: Agent[], every: string): Promise<{ updated: string[]; failed: string[] }> {
  const updated = await services.db.transaction(async (tx) => {
    const rows: Agent[] = [];
    for (const agent of targets) {
      const [row] = await tx.update(agents).set({ heartbeatConfig: withCadence(agent.heartbeatConfig, every) }).where(eq(agents.id, agent.id)).returning();
      if (row) rows.push(row);
    }
    return rows;
  });
  const failed: string[] = [];
  const byGateway = new Map<string, Agent[]>();
  for (const agent of updated) byGateway.set(agent.gatewayId, [...(byGateway.get(agent.gatewayId) ?? []), agent]);
  const rows = byGateway.size ? await services.db.select().from(gateways).where(inArray(gateways.id, [...byGateway.keys()])) : [];
  for (const [gatewayId, members] of byGateway) {
    const gateway = rows.find((g) => g.id === gatewayId);
    if (!gateway?.url) {
      failed.push(...members.map((a) => a.id));
      continue;
    }
    for (const agent of members) {
      try {
        await withGateway(services, gateway, 'heartbeat config', async (rpc, timeoutMs) => {
          const { protocol } = await services.gateways.handle(gateway, timeoutMs);
          const key = gatewayAgentKey(agent);
          const snapshot = (await rpc.configGet({ timeoutMs })) as { config?: unknown; parsed?: unknown; hash?: string };
          const patch = agentConfigPatch(protocol, key, agent.heartbeatConfig ?? null);
          if (!configHolds(snapshot.config ?? snapshot.parsed, protocol, key, patch)) await rpc.configPatch(patch, snapshot.hash, { timeoutMs });
        });
      } catch (error) {
        if (!(error instanceof CoordinationError)) throw error;
        failed.push(agent.id);
        // One unreachable gateway fails all its agents at once.
        if (/unreachable/i.test(error.message)) {
          failed.push(...members.slice(members.indexOf(agent) + 1).map((a) => a.id));
          break;
        }
      }
    }
  }
  return { updated: updated.map((a) => a.id), failed };
}
