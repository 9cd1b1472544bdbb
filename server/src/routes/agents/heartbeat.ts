// POST /agents/heartbeat (spec 2.20): a heartbeat by name. An agent token beats for itself; a
// user names the agent (and board), which is created and provisioned when it does not exist.
import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { agents, boards, gateways } from '../../db/schema';
import { sessionKeyOf } from '../../domain/agents/gateway-identity';
import { recordHeartbeat } from '../../domain/agents/heartbeat';
import { requestLifecycle } from '../../domain/agents/lifecycle-jobs';
import { createBoardAgent } from '../../domain/agents/records';
import { requireActor } from '../../http/agent-auth';
import { USER_OR_AGENT_SECURITY } from '../../http/agent-openapi';
import { invalidField } from '../../http/errors';
import { NonEmpty } from '../../http/inputs';
import { AUTHED, errors } from '../../http/route-schema';
import { boardFor, orgAdmin } from '../../policies';
import { AgentRead, presentAgent, shownTo } from '../../presenters/agents';
import { managedAgent } from './access';

const NamedHeartbeat = z
  .object({ name: NonEmpty('name is required', 200), board_id: z.uuid().nullable().optional(), status: z.string().trim().max(50).nullable().optional() })
  .meta({ id: 'AgentHeartbeatCreate' });

export const agentHeartbeatRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const { db } = services;

  app.post(
    '/api/v1/agents/heartbeat',
    {
      schema: {
        operationId: 'heartbeat_or_create_agent',
        tags: ['agents'],
        description: 'A heartbeat by name. With an agent token: your own heartbeat. As an org admin: the named agent (on board_id when given) checks in; a missing agent is created on board_id and provisioned first.',
        security: USER_OR_AGENT_SECURITY,
        body: NamedHeartbeat,
        response: { 200: AgentRead, ...errors(...AUTHED, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const { name, board_id, status } = request.body;
      const actor = await requireActor(request);
      if (actor.kind === 'agent') return presentAgent(await recordHeartbeat(db, actor.agent, status ?? null), shownTo(request));

      const context = await orgAdmin(request);
      const orgBoards = db.select({ id: boards.id }).from(boards).where(eq(boards.organizationId, context.organizationId));
      const orgGateways = db.select({ id: gateways.id }).from(gateways).where(eq(gateways.organizationId, context.organizationId));
      const scope: SQL = board_id ? eq(agents.boardId, board_id) : or(inArray(agents.boardId, orgBoards), and(isNull(agents.boardId), inArray(agents.gatewayId, orgGateways)))!;
      const [found] = await db.select().from(agents).where(and(eq(agents.name, name), scope));

      let agent;
      if (!found) {
        if (!board_id) throw invalidField(['body', 'board_id'], 'board_id is required');
        const board = await boardFor(request, board_id, 'write');
        agent = await createBoardAgent(services, board, { name }, { capped: false, userId: context.user.id });
      } else {
        agent = (await managedAgent(request, found.id, 'write')).agent;
        if (!agent.agentTokenHash || !agent.openclawSessionId) {
          agent = await db.transaction(async (tx) => {
            const [keyed] = await tx.update(agents).set({ openclawSessionId: agent!.openclawSessionId ?? sessionKeyOf(agent!) }).where(eq(agents.id, agent!.id)).returning();
            return keyed.agentTokenHash ? keyed : requestLifecycle(tx, keyed, context.organizationId, { action: 'provision', wake: true, userId: context.user.id });
          });
          services.worker.wake();
        }
      }
      return presentAgent(await recordHeartbeat(db, agent, status ?? null), shownTo(request));
    },
  );
};
