import type { Agent, Gateway } from '../../db/schema';
import { gatewayMainAgentKey, leadAgentKey, mainSessionKey, workerAgentKey, workspacePath } from '../../gateway/session-keys';

/** The agent's id on its gateway, derived from database ids only (never from names). */
export function gatewayAgentKey(agent: Pick<Agent, 'id' | 'boardId' | 'isBoardLead' | 'gatewayId'>): string {
  if (!agent.boardId) return gatewayMainAgentKey(agent.gatewayId);
  return agent.isBoardLead ? leadAgentKey(agent.boardId) : workerAgentKey(agent.id);
}

export function sessionKeyOf(agent: Pick<Agent, 'id' | 'boardId' | 'isBoardLead' | 'gatewayId'>): string {
  return mainSessionKey(gatewayAgentKey(agent));
}

export function workspaceOf(agent: Pick<Agent, 'id' | 'boardId' | 'isBoardLead' | 'gatewayId'>, gateway: Pick<Gateway, 'workspaceRoot'>): string {
  return workspacePath(gateway.workspaceRoot, gatewayAgentKey(agent));
}

export const DEFAULT_HEARTBEAT = { every: '10m', target: 'last' } as const;

/**
 * The gateway config patch for one agent: heartbeat cadence and an exec policy that lets the
 * agent run its check-in without an approval prompt (2026.3.31 asks by default). Protocol 4
 * gateways key agents by id under `agents.entries`; protocol 3 gateways keep an `agents.list`
 * array merged by id.
 */
export function agentConfigPatch(protocol: 3 | 4, key: string, heartbeat: Record<string, unknown> | null) {
  const entry = {
    heartbeat: { every: String(heartbeat?.every ?? DEFAULT_HEARTBEAT.every), target: String(heartbeat?.target ?? DEFAULT_HEARTBEAT.target) },
    tools: { exec: { security: 'full', ask: 'off' } },
  };
  return protocol === 4 ? { agents: { entries: { [key]: entry } } } : { agents: { list: [{ id: key, ...entry }] } };
}

/** Whether the gateway's current config already holds the patch's values (skip the rate-limited call). */
export function configHolds(config: unknown, protocol: 3 | 4, key: string, patch: ReturnType<typeof agentConfigPatch>): boolean {
  const agents = (config as { agents?: { entries?: Record<string, unknown>; list?: { id?: string }[] } } | null)?.agents;
  const current = protocol === 4 ? agents?.entries?.[key] : agents?.list?.find((e) => e.id === key);
  const wanted = protocol === 4 ? (patch.agents as { entries: Record<string, unknown> }).entries[key] : (patch.agents as { list: unknown[] }).list[0];
  const pick = (v: unknown) => JSON.stringify({ heartbeat: (v as { heartbeat?: unknown })?.heartbeat, tools: (v as { tools?: unknown })?.tools });
  return Boolean(current) && pick(current) === pick(wanted);
}
