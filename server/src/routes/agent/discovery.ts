// Discovery on the agent surface (spec 2.21 rows 2–4, 6): the boards, agents and tags an agent
// may see. A board agent sees its own board; a gateway-main agent the boards and agents of its
// gateway's organization, never other organizations' (bug 3, BR-14).
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { agents, boards, gateways, tags as tagTable, type Agent } from '../../db/schema';
import { requireAgent } from '../../http/agent-auth';
import { agentOperation, ALL_AGENTS, BOARD_AGENTS } from '../../http/agent-openapi';
import { forbidden, HttpError } from '../../http/errors';
import { PageQuery, page } from '../../http/pagination';
import { errors } from '../../http/route-schema';
import { agentBoardFor } from '../../policies';
import { AgentPage, presentAgent, shownTo } from '../../presenters/agents';
import { BoardPage, BoardRead, presentBoard } from '../../presenters/boards';
import { presentTagRef, TagRef } from '../../presenters/tags';

export const BoardParams = z.object({ board_id: z.uuid() });
const AgentListQuery = PageQuery.extend({ board_id: z.uuid().optional() });
const AGENT_ERRORS = [401, 403, 404, 422, 429] as const;

/**
 * The authenticated agent and its organization (its gateway's). Fails closed: an agent whose
 * gateway row is gone gets 403 and never an unscoped answer (BR-14).
 */
export async function agentScope(request: FastifyRequest): Promise<{ agent: Agent; organizationId: string }> {
  const agent = await requireAgent(request);
  const [gateway] = await request.server.services.db.select({ organizationId: gateways.organizationId }).from(gateways).where(eq(gateways.id, agent.gatewayId));
  if (!gateway) throw forbidden('Agent gateway not found; cannot determine organization scope.');
  return { agent, organizationId: gateway.organizationId };
}

export const agentDiscoveryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.services;

  app.get(
    '/api/v1/agent/boards',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_list_boards',
          intent: 'agent_board_discovery',
          roles: ALL_AGENTS,
          tags: ['boards'],
          description: 'Lists the boards you may work on, newest first: your own board, or (gateway agent) the boards of your organization.',
          whenToUse: 'To find board ids, e.g. before routing a message to a board lead.',
          whenNotToUse: 'When you already know your board id (it is in your workspace files).',
        }),
        querystring: PageQuery,
        response: { 200: BoardPage, ...errors(401, 403, 422, 429) },
      },
    },
    async (request) => {
      const { agent, organizationId } = await agentScope(request);
      const where = agent.boardId ? and(eq(boards.id, agent.boardId), eq(boards.organizationId, organizationId)) : eq(boards.organizationId, organizationId);
      const [rows, [{ total }]] = await Promise.all([
        db.select().from(boards).where(where).orderBy(desc(boards.createdAt), desc(boards.id)).limit(request.query.limit).offset(request.query.offset),
        db.select({ total: count() }).from(boards).where(where),
      ]);
      return page(rows.map(presentBoard), total, request.query);
    },
  );

  app.get(
    '/api/v1/agent/boards/:board_id',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_get_board',
          intent: 'agent_board_lookup',
          roles: ALL_AGENTS,
          tags: ['boards'],
          description: "Reads one board: its goal, objective, success metrics, status gates and limits.",
          whenToUse: "To re-read the board's goal and rules (e.g. whether review needs an approval).",
        }),
        params: BoardParams,
        response: { 200: BoardRead, ...errors(...AGENT_ERRORS) },
      },
    },
    async (request) => presentBoard((await agentBoardFor(request, request.params.board_id)).board),
  );

  app.get(
    '/api/v1/agent/agents',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_list_agents',
          intent: 'agent_roster_discovery',
          roles: ALL_AGENTS,
          tags: ['agents'],
          description: "Lists agents, newest first: your board's agents, or (gateway agent) the agents of your organization, optionally of one board.",
          whenToUse: 'To find a teammate to assign, mention or nudge, and to check who is online.',
        }),
        querystring: AgentListQuery,
        response: { 200: AgentPage, ...errors(...AGENT_ERRORS) },
      },
    },
    async (request) => {
      const { agent, organizationId } = await agentScope(request);
      const { board_id } = request.query;
      let where: SQL;
      if (agent.boardId) {
        if (board_id && board_id !== agent.boardId) throw forbidden('Agents can only list agents of their own board');
        where = eq(agents.boardId, agent.boardId);
      } else if (board_id) {
        const [board] = await db.select({ id: boards.id }).from(boards).where(and(eq(boards.id, board_id), eq(boards.organizationId, organizationId)));
        if (!board) throw new HttpError(404, 'Not Found');
        where = eq(agents.boardId, board.id);
      } else {
        const orgBoards = db.select({ id: boards.id }).from(boards).where(eq(boards.organizationId, organizationId));
        const orgGateways = db.select({ id: gateways.id }).from(gateways).where(eq(gateways.organizationId, organizationId));
        where = or(inArray(agents.boardId, orgBoards), inArray(agents.gatewayId, orgGateways))!;
      }
      const [rows, [{ total }]] = await Promise.all([
        db.select().from(agents).where(where).orderBy(desc(agents.createdAt), desc(agents.id)).limit(request.query.limit).offset(request.query.offset),
        db.select({ total: count() }).from(agents).where(where),
      ]);
      return page(rows.map((a) => presentAgent(a, shownTo(request))), total, request.query);
    },
  );

  app.get(
    '/api/v1/agent/boards/:board_id/tags',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_list_tags',
          intent: 'agent_board_tag_discovery',
          roles: BOARD_AGENTS,
          tags: ['tags'],
          description: "Lists the tags of your board's organization (id, name, slug, color), by name. Not paginated.",
          whenToUse: 'Before tagging a task (tag_ids), to find the ids of existing tags.',
        }),
        params: BoardParams,
        response: { 200: z.array(TagRef), ...errors(...AGENT_ERRORS) },
      },
    },
    async (request) => {
      const { board } = await agentBoardFor(request, request.params.board_id);
      const rows = await db
        .select()
        .from(tagTable)
        .where(eq(tagTable.organizationId, board.organizationId))
        .orderBy(sql`lower(${tagTable.name})`, asc(tagTable.createdAt), asc(tagTable.id));
      return rows.map(presentTagRef);
    },
  );
};
