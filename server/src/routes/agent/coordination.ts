// Agent-to-agent coordination on the agent surface (spec 2.21 rows 19, 24–26): a lead nudges a
// worker or asks the user through the gateway agent; the gateway agent messages board leads.
// Messages go out synchronously (a gateway failure is a 502 with a failure activity event),
// except to a lead created by the call itself: that message waits, as a durable job, for the
// lead's provisioning.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { agents, boards, type Agent, type Board } from '../../db/schema';
import { recordActivity } from '../../domain/activity/record';
import { ensureBoardLeadIn } from '../../domain/agents/board-lead';
import { askUserMessage, leadMessage, nudgeMessage } from '../../domain/agents/coordination-messages';
import { CoordinationError, sendToAgent } from '../../domain/agents/coordination';
import { NOTIFY_QUEUE, type NotifyPayload } from '../../jobs/queue-names';
import { requireAgent, requireLead } from '../../http/agent-auth';
import { agentOperation } from '../../http/agent-openapi';
import { forbidden, HttpError } from '../../http/errors';
import { NonEmpty } from '../../http/inputs';
import { errors } from '../../http/route-schema';
import { enqueueJob } from '../../jobs/queue';
import { agentBoardFor } from '../../policies';
import { OkResponse, ok } from '../../presenters/common';
import { boardAgent } from './management';

const Label = z.string().trim().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only (at most 64)');
const Optional = (max: number) => z.string().trim().max(max).nullable().optional();
const BoardAgentParams = z.object({ board_id: z.uuid(), agent_id: z.uuid() });
const BoardParams = z.object({ board_id: z.uuid() });
const Kind = z.enum(['question', 'handoff']).default('question');

const NudgeBody = z.object({ message: NonEmpty('message is required', 20_000) }).meta({ id: 'AgentNudge' });
const AskUserBody = z
  .object({
    content: NonEmpty('content is required', 20_000),
    correlation_id: Optional(200),
    preferred_channel: Optional(100),
    reply_tags: z.array(Label).max(10).default(['gateway_main', 'user_reply']),
    reply_source: Label.default('user_via_gateway_main'),
  })
  .meta({ id: 'GatewayMainAskUserRequest' });
const LeadMessageBody = z
  .object({
    kind: Kind,
    content: NonEmpty('content is required', 20_000),
    correlation_id: Optional(200),
    reply_tags: z.array(Label).max(10).default(['gateway_main', 'lead_reply']),
    reply_source: Label.default('lead_to_gateway_main'),
  })
  .meta({ id: 'GatewayLeadMessageRequest' });
const BroadcastBody = LeadMessageBody.extend({ board_ids: z.array(z.uuid()).max(500).nullable().optional() }).meta({ id: 'GatewayLeadBroadcastRequest' });

const AskUserResponse = z.object({ ok: z.literal(true), board_id: z.uuid(), main_agent_id: z.uuid(), main_agent_name: z.string() }).meta({ id: 'GatewayMainAskUserResponse' });
const LeadMessageResponse = z
  .object({ ok: z.literal(true), board_id: z.uuid(), lead_agent_id: z.uuid(), lead_agent_name: z.string(), lead_created: z.boolean() })
  .meta({ id: 'GatewayLeadMessageResponse' });
const BroadcastResult = z.object({ board_id: z.uuid(), lead_agent_id: z.uuid().nullable(), lead_agent_name: z.string().nullable(), ok: z.boolean(), error: z.string().nullable() });
const BroadcastResponse = z
  .object({ ok: z.literal(true), sent: z.number().int(), failed: z.number().int(), results: z.array(BroadcastResult) })
  .meta({ id: 'GatewayLeadBroadcastResponse' });
const AGENT_ERRORS = [401, 403, 404, 422, 429] as const;
const MAIN_ONLY = 'Only the dedicated gateway agent may call this endpoint.';

/** The calling agent when it is its gateway's main agent (no board); 403 otherwise. */
async function requireGatewayMain(request: FastifyRequest): Promise<Agent> {
  const agent = await requireAgent(request);
  if (agent.boardId) throw forbidden(MAIN_ONLY);
  return agent;
}

/** A board the gateway agent routes to: unknown or another organization's → 404; another gateway's → 403. */
async function routedBoard(request: FastifyRequest, main: Agent, boardId: string): Promise<Board> {
  const { board } = await agentBoardFor(request, boardId).catch((error) => {
    if (error instanceof HttpError && error.statusCode === 404) throw new HttpError(404, 'Board not found');
    throw error;
  });
  if (board.gatewayId !== main.gatewayId) throw forbidden('Board is not served by your gateway');
  return board;
}

type Delivery = { lead: Agent; created: boolean; error: string | null };

/**
 * Ensures the board's lead and delivers the gateway agent's message to it: synchronously to an
 * existing lead (error kept), queued until provisioned for a lead created now.
 */
async function messageLead(request: FastifyRequest, main: Agent, board: Board, body: z.infer<typeof LeadMessageBody>, knownDown: string | null = null): Promise<Delivery> {
  const { services } = request.server;
  const message = leadMessage({
      kind: body.kind,
      boardName: board.name,
      boardId: board.id,
      fromName: main.name,
      content: body.content,
      correlationId: body.correlation_id,
      reply: { baseUrl: services.config.baseUrl, boardId: board.id, tags: body.reply_tags, source: body.reply_source },
  });
  const { lead, created } = await services.db.transaction(async (tx) => {
    const ensured = await ensureBoardLeadIn(tx, board);
    if (ensured.created) {
      const payload: NotifyPayload = {
        agent_id: ensured.lead.id,
        board_lead_of: null,
        message,
        deliver: false,
        reason: `gateway agent ${body.kind}`,
        activity: { board_id: board.id, task_id: null, success_type: 'gateway.main.lead_message.sent', failure_type: 'gateway.main.lead_message.failed' },
      };
      await enqueueJob(tx, NOTIFY_QUEUE, { ...payload }, { organizationId: board.organizationId });
    }
    return ensured;
  });
  if (created || lead.provisionAction) services.worker.wake();
  if (created) return { lead, created, error: null };
  try {
    if (knownDown) throw new CoordinationError(knownDown);
    await sendToAgent(services, lead, message, { deliver: false, context: 'lead message' });
  } catch (error) {
    if (!(error instanceof CoordinationError)) throw error;
    await recordActivity(services.db, { eventType: 'gateway.main.lead_message.failed', message: `Lead message to ${lead.name} failed: ${error.message}`, boardId: board.id, agentId: main.id });
    return { lead, created, error: error.message };
  }
  await recordActivity(services.db, { eventType: 'gateway.main.lead_message.sent', message: `Sent ${body.kind} to lead ${lead.name}.`, boardId: board.id, agentId: main.id });
  return { lead, created, error: null };
}

export const agentCoordinationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  app.post(
    '/api/v1/agent/boards/:board_id/agents/:agent_id/nudge',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_nudge',
          intent: 'agent_coordination',
          roles: ['lead'],
          tags: ['agents'],
          description: "Sends a short note to a worker's session on the gateway (delivered to its chat), e.g. to remind it of a task or unblock it.",
          whenToUse: 'When a worker is idle or stuck on a task it owns and a task comment has not moved it.',
          whenNotToUse: 'For task instructions that should be kept (write a task comment), or as a worker.',
          sideEffects: 'Sends a chat message; records agent.nudge.sent or agent.nudge.failed.',
        }),
        params: BoardAgentParams,
        body: NudgeBody,
        response: { 200: OkResponse, ...errors(...AGENT_ERRORS, 502) },
      },
    },
    async (request) => {
      const lead = await requireLead(request);
      const { board } = await agentBoardFor(request, request.params.board_id);
      const target = await boardAgent(request, board.id, request.params.agent_id);
      if (!target.openclawSessionId) throw new HttpError(422, 'Target agent has no session key');
      const message = nudgeMessage({ boardName: board.name, boardId: board.id, fromName: lead.name, message: request.body.message });
      try {
        await sendToAgent(services, target, message, { deliver: true, context: 'nudge' });
      } catch (error) {
        if (!(error instanceof CoordinationError)) throw error;
        await recordActivity(services.db, { eventType: 'agent.nudge.failed', message: `Nudge to ${target.name} failed: ${error.message}`, boardId: board.id, agentId: lead.id });
        throw new HttpError(502, `Gateway nudge failed: ${error.message}`);
      }
      await recordActivity(services.db, { eventType: 'agent.nudge.sent', message: `Nudge sent to ${target.name}.`, boardId: board.id, agentId: lead.id });
      return ok;
    },
  );

  app.post(
    '/api/v1/agent/boards/:board_id/gateway/main/ask-user',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_ask_user',
          intent: 'human_escalation',
          roles: ['lead'],
          tags: ['agents'],
          description: "Asks the user a question through your gateway's main agent, which reaches them on their channels and writes the answer to your board memory (tags and source as given).",
          whenToUse: 'When the board cannot progress without a decision or information only the user has.',
          whenNotToUse: 'For approvals of a task action (request an approval), or for questions teammates can answer.',
          sideEffects: 'Sends a chat message to the gateway agent; records gateway.lead.ask_user.sent or .failed.',
        }),
        params: BoardParams,
        body: AskUserBody,
        response: { 200: AskUserResponse, ...errors(...AGENT_ERRORS, 502) },
      },
    },
    async (request) => {
      const lead = await requireLead(request);
      const { board } = await agentBoardFor(request, request.params.board_id);
      if (!board.gatewayId) throw new HttpError(422, 'Board gateway_id is required');
      const [main] = await services.db.select().from(agents).where(and(eq(agents.gatewayId, board.gatewayId), isNull(agents.boardId)));
      if (!main) throw new HttpError(422, 'The board gateway has no gateway agent');
      const body = request.body;
      const message = askUserMessage({
        boardName: board.name,
        boardId: board.id,
        leadName: lead.name,
        content: body.content,
        correlationId: body.correlation_id,
        preferredChannel: body.preferred_channel,
        reply: { baseUrl: services.config.baseUrl, boardId: board.id, tags: body.reply_tags, source: body.reply_source },
      });
      try {
        await sendToAgent(services, main, message, { deliver: true, context: 'ask-user' });
      } catch (error) {
        if (!(error instanceof CoordinationError)) throw error;
        await recordActivity(services.db, { eventType: 'gateway.lead.ask_user.failed', message: `Ask-user request failed: ${error.message}`, boardId: board.id, agentId: lead.id });
        throw new HttpError(502, `Gateway ask-user dispatch failed: ${error.message}`);
      }
      await recordActivity(services.db, { eventType: 'gateway.lead.ask_user.sent', message: `Lead ${lead.name} asked the user through ${main.name}.`, boardId: board.id, agentId: lead.id });
      return { ok: true as const, board_id: board.id, main_agent_id: main.id, main_agent_name: main.name };
    },
  );

  app.post(
    '/api/v1/agent/gateway/boards/:board_id/lead/message',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_message_lead',
          intent: 'lead_direct_routing',
          roles: ['main'],
          tags: ['agents'],
          description: "Sends a question or a handoff to a board's lead (creating and provisioning the lead if the board has none). The lead replies with a board memory item tagged as given.",
          whenToUse: "When the user's request concerns one board: route it to that board's lead.",
          whenNotToUse: 'For several boards at once (use the broadcast operation).',
          sideEffects: 'May create the board lead; sends a chat message; records gateway.main.lead_message.sent or .failed.',
        }),
        params: BoardParams,
        body: LeadMessageBody,
        response: { 200: LeadMessageResponse, ...errors(...AGENT_ERRORS, 502) },
      },
    },
    async (request) => {
      const main = await requireGatewayMain(request);
      const board = await routedBoard(request, main, request.params.board_id);
      const delivery = await messageLead(request, main, board, request.body);
      if (delivery.error) throw new HttpError(502, `Gateway lead message failed: ${delivery.error}`);
      return { ok: true as const, board_id: board.id, lead_agent_id: delivery.lead.id, lead_agent_name: delivery.lead.name, lead_created: delivery.created };
    },
  );

  app.post(
    '/api/v1/agent/gateway/leads/broadcast',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_broadcast_leads',
          intent: 'lead_broadcast_routing',
          roles: ['main'],
          tags: ['agents'],
          description: "Sends one question or handoff to the leads of your gateway's boards (all, or those in board_ids), newest board first, creating missing leads. Reports per board.",
          whenToUse: 'For announcements or questions that concern every board (or a known set of boards).',
          whenNotToUse: 'For a single board (use the lead message operation).',
          sideEffects: 'May create board leads; sends chat messages; records gateway.main.lead_broadcast.sent.',
        }),
        body: BroadcastBody,
        response: { 200: BroadcastResponse, ...errors(401, 403, 422, 429) },
      },
    },
    async (request) => {
      const main = await requireGatewayMain(request);
      const { board_ids, ...body } = request.body;
      const where = and(eq(boards.gatewayId, main.gatewayId), board_ids?.length ? inArray(boards.id, board_ids) : undefined);
      const targets = board_ids && !board_ids.length ? [] : await services.db.select().from(boards).where(where).orderBy(desc(boards.createdAt), desc(boards.id));
      const results: z.infer<typeof BroadcastResult>[] = [];
      // One gateway serves every board: once it is unreachable, the rest fail with the same error at once.
      let down: string | null = null;
      for (const board of targets) {
        try {
          const delivery = await messageLead(request, main, board, body, down);
          if (delivery.error && /unreachable/i.test(delivery.error)) down = delivery.error;
          results.push({ board_id: board.id, lead_agent_id: delivery.lead.id, lead_agent_name: delivery.lead.name, ok: !delivery.error, error: delivery.error });
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          results.push({ board_id: board.id, lead_agent_id: null, lead_agent_name: null, ok: false, error: String(error.detail) });
        }
      }
      const sent = results.filter((r) => r.ok).length;
      const failed = results.length - sent;
      await recordActivity(services.db, { eventType: 'gateway.main.lead_broadcast.sent', message: `Broadcast ${body.kind} to ${sent} board leads (failed: ${failed}).`, agentId: main.id });
      return { ok: true as const, sent, failed, results };
    },
  );
};
