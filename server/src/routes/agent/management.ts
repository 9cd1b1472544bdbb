// Lead management of its board's agents on the agent surface (spec 2.21 rows 18, 21–23):
// create workers (within max_agents), read and author SOUL.md, delete workers.
import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { agents, type Agent } from '../../db/schema';
import { CoordinationError, gatewayOf, withGateway } from '../../domain/agents/coordination';
import { gatewayAgentKey } from '../../domain/agents/gateway-identity';
import { createBoardAgent, deleteAgent } from '../../domain/agents/records';
import { recordActivity } from '../../domain/activity/record';
import { singleLine } from '../../domain/prompting/external-data';
import { requireAgent, requireLead } from '../../http/agent-auth';
import { agentOperation, BOARD_AGENTS } from '../../http/agent-openapi';
import { forbidden, HttpError } from '../../http/errors';
import { NonEmpty } from '../../http/inputs';
import { errors } from '../../http/route-schema';
import { agentBoardFor } from '../../policies';
import { AgentRead, presentAgent, shownTo } from '../../presenters/agents';
import { OkResponse, ok } from '../../presenters/common';
import { AgentCreate } from '../agents/schemas';

const BoardAgentParams = z.object({ board_id: z.uuid(), agent_id: z.uuid() });
const SoulUpdate = z
  .object({
    content: NonEmpty('content is required', 100_000),
    source_url: z.string().trim().max(2000).nullable().optional(),
    reason: z.string().trim().max(2000).nullable().optional(),
  })
  .meta({ id: 'SoulUpdateRequest' });
const AGENT_ERRORS = [401, 403, 404, 422, 429] as const;
const SOUL = 'SOUL.md';

/** An agent of this board; 404 otherwise. */
export async function boardAgent(request: FastifyRequest, boardId: string, agentId: string): Promise<Agent> {
  const [agent] = await request.server.services.db.select().from(agents).where(and(eq(agents.id, agentId), eq(agents.boardId, boardId)));
  if (!agent) throw new HttpError(404, 'Agent not found');
  return agent;
}

/** The text of an `agents.files.get` answer (a string, `{content}` or `{file: {content}}`), else null. */
export function fileContent(answer: unknown): string | null {
  if (typeof answer === 'string') return answer;
  const a = answer as { content?: unknown; file?: { content?: unknown } } | null;
  if (typeof a?.content === 'string') return a.content;
  if (typeof a?.file?.content === 'string') return a.file.content;
  return null;
}

export const agentManagementRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  app.post(
    '/api/v1/agent/agents',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_create_agent',
          intent: 'agent_management',
          roles: ['lead'],
          tags: ['agents'],
          description: "Creates a worker agent on your board and provisions it on the gateway (it wakes up and checks in). Limited by the board's max_agents (the lead not counted).",
          whenToUse: 'When the board needs another worker with a distinct role or skill.',
          whenNotToUse: 'As a worker, or when an existing agent can take the work (assign it instead).',
          sideEffects: 'Adds an agent row and a provisioning job; the new agent appears with status provisioning.',
        }),
        body: AgentCreate,
        response: { 200: AgentRead, ...errors(...AGENT_ERRORS, 409) },
      },
    },
    async (request) => {
      const lead = await requireLead(request, 'Only board leads can create agents');
      if (request.body.board_id && request.body.board_id !== lead.boardId) throw forbidden('Board leads can only create agents in their own board');
      const { board } = await agentBoardFor(request, lead.boardId!);
      return presentAgent(await createBoardAgent(services, board, request.body, { capped: true, userId: null, actorAgentId: lead.id }), shownTo(request));
    },
  );

  app.get(
    '/api/v1/agent/boards/:board_id/agents/:agent_id/soul',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_get_soul',
          intent: 'agent_board_soul_lookup',
          roles: BOARD_AGENTS,
          tags: ['agents'],
          description: "Reads an agent's SOUL.md from its gateway workspace, as a JSON string. Leads may read any agent of their board; other agents only their own.",
          whenToUse: 'Before rewriting a SOUL.md, or to recall how an agent is meant to behave.',
          requiredActor: 'agent-lead, or the agent itself',
        }),
        params: BoardAgentParams,
        response: { 200: z.string(), ...errors(...AGENT_ERRORS, 502) },
      },
    },
    async (request, reply) => {
      const caller = await requireAgent(request);
      const { board } = await agentBoardFor(request, request.params.board_id);
      if (!(caller.isBoardLead && caller.boardId === board.id) && caller.id !== request.params.agent_id) {
        throw forbidden('Only the board lead or the agent itself can read its SOUL.md');
      }
      const target = await boardAgent(request, board.id, request.params.agent_id);
      let content: string | null;
      try {
        const gateway = await gatewayOf(services, target);
        content = fileContent(await withGateway(services, gateway, 'SOUL read', (rpc, timeoutMs) => rpc.agentFileGet(gatewayAgentKey(target), SOUL, { timeoutMs })));
      } catch (error) {
        if (error instanceof CoordinationError) throw new HttpError(502, `Gateway SOUL read failed: ${error.message}`);
        throw error;
      }
      if (content === null) throw new HttpError(502, 'Gateway SOUL read failed: invalid gateway response');
      return reply.type('application/json').send(JSON.stringify(content));
    },
  );

  app.put(
    '/api/v1/agent/boards/:board_id/agents/:agent_id/soul',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_update_soul',
          intent: 'agent_knowledge_authoring',
          roles: ['lead'],
          tags: ['agents'],
          description: "Rewrites an agent's SOUL.md: stored as its soul_template (kept across re-provisioning) and written to its gateway workspace.",
          whenToUse: "To sharpen a worker's role, values or working style after you learn what the board needs.",
          whenNotToUse: 'For task instructions (use tasks and comments) or as a worker.',
          sideEffects: 'Stores the template, records agent.soul.updated and writes SOUL.md on the gateway.',
        }),
        params: BoardAgentParams,
        body: SoulUpdate,
        response: { 200: OkResponse, ...errors(...AGENT_ERRORS, 502) },
      },
    },
    async (request) => {
      const lead = await requireLead(request);
      const { board } = await agentBoardFor(request, request.params.board_id);
      const target = await boardAgent(request, board.id, request.params.agent_id);
      const { content, reason, source_url } = request.body;
      const note = [`SOUL.md updated for ${singleLine(target.name)}.`, reason ? `Reason: ${singleLine(reason)}` : null, source_url ? `Source: ${singleLine(source_url)}` : null]
        .filter(Boolean)
        .join(' ');
      // The template is kept first: a later lifecycle run writes it even if this write fails.
      await services.db.transaction(async (tx) => {
        await tx.update(agents).set({ soulTemplate: content }).where(eq(agents.id, target.id));
        await recordActivity(tx, { eventType: 'agent.soul.updated', message: note, boardId: board.id, agentId: lead.id });
      });
      try {
        const gateway = await gatewayOf(services, target);
        await withGateway(services, gateway, 'SOUL write', (rpc, timeoutMs) => rpc.agentFileSet(gatewayAgentKey(target), SOUL, content, { timeoutMs }));
      } catch (error) {
        if (error instanceof CoordinationError) throw new HttpError(502, `Gateway SOUL update failed: ${error.message}`);
        throw error;
      }
      return ok;
    },
  );

  app.delete(
    '/api/v1/agent/boards/:board_id/agents/:agent_id',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_delete_agent',
          intent: 'agent_lifecycle',
          roles: ['lead'],
          tags: ['agents'],
          description: 'Deletes a worker of your board: its in-progress tasks go back to the inbox, other tasks are unassigned, and it is removed from the gateway.',
          whenToUse: 'When a worker is no longer needed or is broken beyond a SOUL.md rewrite.',
          whenNotToUse: 'For yourself or the gateway agent (refused), or to pause work (unassign tasks instead).',
          sideEffects: 'Records agent.delete.direct; removes the agent and its workspace from the gateway (durable job).',
        }),
        params: BoardAgentParams,
        response: { 200: OkResponse, ...errors(...AGENT_ERRORS) },
      },
    },
    async (request) => {
      await requireLead(request);
      const { board } = await agentBoardFor(request, request.params.board_id);
      const [target] = await services.db.select().from(agents).where(eq(agents.id, request.params.agent_id));
      if (!target) return ok;
      // Another gateway's main agent is as unknown to the lead as any foreign agent.
      if (!target.boardId) throw target.gatewayId === board.gatewayId ? forbidden('Board leads cannot delete gateway main agents') : new HttpError(404, 'Agent not found');
      if (target.boardId !== board.id) throw new HttpError(404, 'Agent not found');
      if (target.isBoardLead) throw forbidden('Board leads cannot delete lead agents');
      await deleteAgent(services.db, target, board.organizationId);
      services.worker.wake();
      return ok;
    },
  );
};
