/**
 * OpenAPI metadata for routes agents call. Agents download /openapi.json and pick operations by
 * role tag and intent, so these fields are part of the agent contract.
 */
export type AgentRoleTag = 'lead' | 'worker' | 'main';

export interface AgentOperation {
  operationId: string;
  intent: string;
  roles: AgentRoleTag[];
  description: string;
  whenToUse: string;
  whenNotToUse?: string;
  requiredActor?: string;
  sideEffects?: string;
  /** Extra tags (e.g. the resource) after the role tags. */
  tags?: string[];
}

export const ALL_AGENTS: AgentRoleTag[] = ['lead', 'worker', 'main'];
export const BOARD_AGENTS: AgentRoleTag[] = ['lead', 'worker'];

/** The schema fields for an agent operation: operationId, role tags, description, x-* hints. */
export function agentOperation(op: AgentOperation) {
  return {
    operationId: op.operationId,
    tags: [...op.roles.map((r) => `agent-${r}`), ...(op.tags ?? [])],
    description: op.description,
    'x-llm-intent': op.intent,
    'x-when-to-use': op.whenToUse,
    'x-when-not-to-use': op.whenNotToUse ?? 'When another operation matches the intent more precisely.',
    'x-required-actor': op.requiredActor ?? (op.roles.length === 1 ? `agent-${op.roles[0]}` : 'agent'),
    'x-side-effects': op.sideEffects ?? 'None.',
    security: [{ agentToken: [] }],
  };
}

/**
 * OpenAPI `security` of routes that accept a signed-in user or an agent (requireActor). Declaring
 * it lets the security suite find every route that takes agent tokens (rate limit sweep).
 */
export const USER_OR_AGENT_SECURITY: { [scheme: string]: string[] }[] = [{ userToken: [] }, { agentToken: [] }];
