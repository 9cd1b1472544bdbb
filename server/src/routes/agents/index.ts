import { and, count, desc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { agents, gateways } from '../../db/schema';
import { recordHeartbeat } from '../../domain/agents/heartbeat';
import { requestLifecycle } from '../../domain/agents/lifecycle-jobs';
import { createBoardAgent, deleteAgent } from '../../domain/agents/records';
import { requireActor } from '../../http/agent-auth';
import { USER_OR_AGENT_SECURITY } from '../../http/agent-openapi';
import { forbidden, HttpError, invalidField } from '../../http/errors';
import { Page, page } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { accessibleBoardIds, boardFor, orgAdmin } from '../../policies';
import { OkResponse, ok } from '../../presenters/common';
import { AgentPage, AgentRead, presentAgent, shownTo } from '../../presenters/agents';
import { managedAgent } from './access';
import { AgentCreate, AgentListQuery, AgentParams, AgentUpdate, ForceQuery, HeartbeatBody } from './schemas';
import { updateAgent } from './update';

const tags = ['agents'];

export const agentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  app.get(
    '/api/v1/agents',
    { schema: { operationId: 'list_agents', tags, querystring: AgentListQuery, response: { 200: AgentPage, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const context = await orgAdmin(request);
      const { board_id, gateway_id } = request.query;
      if (board_id) await boardFor(request, board_id, 'read');
      const readable = await accessibleBoardIds(services.db, context.member, 'read');
      const orgGateways = services.db.select({ id: gateways.id }).from(gateways).where(eq(gateways.organizationId, context.organizationId));
      const conditions: SQL[] = [or(readable.length ? inArray(agents.boardId, readable) : undefined, and(isNull(agents.boardId), inArray(agents.gatewayId, orgGateways)))!];
      if (board_id) conditions.push(eq(agents.boardId, board_id));
      if (gateway_id) {
        const [gateway] = await services.db.select({ id: gateways.id }).from(gateways).where(and(eq(gateways.id, gateway_id), eq(gateways.organizationId, context.organizationId)));
        if (!gateway) throw new HttpError(404, 'Gateway not found');
        conditions.push(eq(agents.gatewayId, gateway_id));
      }
      const where = and(...conditions);
      const [rows, [{ total }]] = await Promise.all([
        services.db.select().from(agents).where(where).orderBy(desc(agents.createdAt), desc(agents.id)).limit(request.query.limit).offset(request.query.offset),
        services.db.select({ total: count() }).from(agents).where(where),
      ]);
      return page(rows.map((a) => presentAgent(a, shownTo(request))), total, request.query);
    },
  );

  app.post(
    '/api/v1/agents',
    { schema: { operationId: 'create_agent', tags, body: AgentCreate, response: { 200: AgentRead, ...errors(...AUTHED, 403, 404, 409) } } },
    async (request) => {
      const { user } = await orgAdmin(request);
      if (!request.body.board_id) throw invalidField(['body', 'board_id'], 'board_id is required');
      const board = await boardFor(request, request.body.board_id, 'write');
      // Agents created by people are never leads and are not held to max_agents (a lead's own creations are).
      return presentAgent(await createBoardAgent(services, board, request.body, { capped: false, userId: user.id }), shownTo(request));
    },
  );

  app.get(
    '/api/v1/agents/:agent_id',
    { schema: { operationId: 'get_agent', tags, params: AgentParams, response: { 200: AgentRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => presentAgent((await managedAgent(request, request.params.agent_id, 'read')).agent, shownTo(request)),
  );

  app.patch(
    '/api/v1/agents/:agent_id',
    { schema: { operationId: 'update_agent', tags, params: AgentParams, querystring: ForceQuery, body: AgentUpdate, response: { 200: AgentRead, ...errors(...AUTHED, 403, 404, 409) } } },
    async (request) => {
      if (request.body.status !== undefined) throw forbidden('status is controlled by agent heartbeat');
      const { agent, context } = await managedAgent(request, request.params.agent_id, 'write');
      return presentAgent(await updateAgent(request, agent, context, request.body, request.query.force), shownTo(request));
    },
  );

  app.post(
    '/api/v1/agents/:agent_id/reprovision',
    {
      schema: {
        operationId: 'reprovision_agent',
        tags,
        description: 'Runs the agent lifecycle again (new token, workspace files, wake-up): the retry for a failed or offline agent.',
        params: AgentParams,
        response: { 200: AgentRead, ...errors(...AUTHED, 403, 404) },
      },
    },
    async (request) => {
      const { agent, context } = await managedAgent(request, request.params.agent_id, 'write');
      const updated = await services.db.transaction((tx) =>
        requestLifecycle(tx, agent, context.organizationId, { action: agent.lastSeenAt ? 'update' : 'provision', wake: true, resetSession: true, forceBootstrap: true, userId: context.user.id }),
      );
      services.worker.wake();
      return presentAgent(updated, shownTo(request));
    },
  );

  app.post(
    '/api/v1/agents/:agent_id/heartbeat',
    {
      schema: {
        operationId: 'heartbeat_agent',
        tags,
        security: USER_OR_AGENT_SECURITY,
        params: AgentParams,
        body: HeartbeatBody,
        response: { 200: AgentRead, ...errors(...AUTHED, 403, 404, 429) },
      },
    },
    async (request) => {
      const status = request.body?.status ?? null;
      const actor = await requireActor(request);
      if (actor.kind === 'user') {
        const { agent } = await managedAgent(request, request.params.agent_id, 'write');
        return presentAgent(await recordHeartbeat(services.db, agent, status), shownTo(request));
      }
      if (actor.agent.id !== request.params.agent_id) throw forbidden('Agents can only send their own heartbeat');
      return presentAgent(await recordHeartbeat(services.db, actor.agent, status), shownTo(request));
    },
  );

  app.delete(
    '/api/v1/agents/:agent_id',
    { schema: { operationId: 'delete_agent', tags, params: AgentParams, response: { 200: OkResponse, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      await orgAdmin(request);
      const [exists] = await services.db.select({ id: agents.id }).from(agents).where(eq(agents.id, request.params.agent_id));
      if (!exists) return ok;
      const { agent, context } = await managedAgent(request, request.params.agent_id, 'write');
      await deleteAgent(services.db, agent, context.organizationId);
      services.worker.wake();
      return ok;
    },
  );
};
