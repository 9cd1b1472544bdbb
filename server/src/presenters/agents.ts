import { Page } from '../http/pagination';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Agent } from '../db/schema';
import { computedStatus } from '../domain/agents/presence';
import { iso, Timestamp, Uuid } from './common';

export const AgentRead = z
  .object({
    id: Uuid,
    board_id: Uuid.nullable(),
    gateway_id: Uuid,
    name: z.string(),
    status: z.string(),
    heartbeat_config: z.record(z.string(), z.unknown()).nullable(),
    identity_profile: z.record(z.string(), z.unknown()).nullable(),
    identity_template: z.string().nullable(),
    soul_template: z.string().nullable(),
    is_board_lead: z.boolean(),
    is_gateway_main: z.boolean(),
    openclaw_session_id: z.string().nullable(),
    last_seen_at: Timestamp.nullable(),
    last_provision_error: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'AgentRead' });

/** The paginated agent list (management and agent surfaces share it). */
export const AgentPage = Page(AgentRead, 'LimitOffsetPage_AgentRead');

export interface PresentOptions {
  now?: Date;
  /** AGENT_OFFLINE_AFTER_SECONDS in ms (config.agents.offlineAfterMs). */
  offlineAfterMs?: number;
}

/** The presentation settings of the request's server (its AGENT_OFFLINE_AFTER_SECONDS). */
export function shownTo(request: FastifyRequest): PresentOptions {
  return { offlineAfterMs: request.server.services.config.agents.offlineAfterMs };
}

/** An agent as the API shows it; the status is computed at read time and never written back. */
export function presentAgent(agent: Agent, options: PresentOptions = {}): z.infer<typeof AgentRead> {
  const now = options.now ?? new Date();
  return {
    id: agent.id,
    board_id: agent.boardId,
    gateway_id: agent.gatewayId,
    name: agent.name,
    status: computedStatus(agent, now, options.offlineAfterMs),
    heartbeat_config: agent.heartbeatConfig ?? null,
    identity_profile: agent.identityProfile ?? null,
    identity_template: agent.identityTemplate,
    soul_template: agent.soulTemplate,
    is_board_lead: agent.isBoardLead,
    is_gateway_main: agent.boardId === null,
    openclaw_session_id: agent.openclawSessionId,
    last_seen_at: iso(agent.lastSeenAt),
    last_provision_error: agent.lastProvisionError,
    created_at: iso(agent.createdAt)!,
    updated_at: iso(agent.updatedAt)!,
  };
}
