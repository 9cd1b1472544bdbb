import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordHeartbeat } from '../../domain/agents/heartbeat';
import { requireAgent } from '../../http/agent-auth';
import { agentOperation, ALL_AGENTS } from '../../http/agent-openapi';
import { errors } from '../../http/route-schema';
import { AgentRead, presentAgent, shownTo } from '../../presenters/agents';

const AgentHealth = z
  .object({
    ok: z.literal(true),
    agent_id: z.uuid(),
    board_id: z.uuid().nullable(),
    gateway_id: z.uuid(),
    status: z.string(),
    is_board_lead: z.boolean(),
  })
  .meta({ id: 'AgentHealthStatusResponse' });

/** The agent surface (`/api/v1/agent/*`): routes agents call with their own token. */
export const agentSelfRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/agent/healthz',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_healthz',
          intent: 'agent_auth_health',
          roles: ALL_AGENTS,
          description: 'Confirms the token works and tells the agent who it is (ids, board, lead flag).',
          whenToUse: 'At startup or when unsure whether your token is valid.',
        }),
        response: { 200: AgentHealth, ...errors(401, 429) },
      },
    },
    async (request) => {
      const agent = await requireAgent(request);
      return {
        ok: true as const,
        agent_id: agent.id,
        board_id: agent.boardId,
        gateway_id: agent.gatewayId,
        status: agent.status,
        is_board_lead: agent.isBoardLead,
      };
    },
  );

  app.post(
    '/api/v1/agent/heartbeat',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_heartbeat',
          intent: 'agent_heartbeat',
          roles: ALL_AGENTS,
          description: 'Checks the agent in: marks it online and clears pending wake-ups. No request body.',
          whenToUse: 'First thing after being woken, and at the start of every heartbeat.',
          sideEffects: 'Updates your presence and records an agent.heartbeat activity event.',
        }),
        response: { 200: AgentRead, ...errors(401, 429) },
      },
    },
    async (request) => presentAgent(await recordHeartbeat(request.server.services.db, await requireAgent(request)), shownTo(request)),
  );
};
