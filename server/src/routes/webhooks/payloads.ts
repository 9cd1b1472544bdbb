import { and, count, desc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boardWebhookPayloads, boardWebhooks } from '../../db/schema';
import { truncatePayload, type JsonValue } from '../../domain/webhooks/payload';
import { requireAgent } from '../../http/agent-auth';
import { agentOperation, BOARD_AGENTS } from '../../http/agent-openapi';
import { notFound } from '../../http/errors';
import { Page, page, PageQuery } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { BoardWebhookPayloadRead, presentPayload } from '../../presenters/webhooks';
import { boardFor, boardForAgent } from './board-guard';
import { PayloadParams, WebhookParams } from './params';

const PreviewQuery = z.object({ max_chars: z.coerce.number().int().min(1).max(1_000_000).optional() });

/** Received payloads: list and read for users, read (with a `max_chars` preview) for agents. */
export const payloadRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['board-webhooks'];
  const { db } = app.services;

  async function requireWebhook(boardId: string, webhookId: string) {
    const [webhook] = await db
      .select({ id: boardWebhooks.id })
      .from(boardWebhooks)
      .where(and(eq(boardWebhooks.id, webhookId), eq(boardWebhooks.boardId, boardId)));
    if (!webhook) throw notFound();
  }

  async function payloadOn(boardId: string, webhookId: string, payloadId: string) {
    const [row] = await db
      .select()
      .from(boardWebhookPayloads)
      .where(and(eq(boardWebhookPayloads.id, payloadId), eq(boardWebhookPayloads.webhookId, webhookId), eq(boardWebhookPayloads.boardId, boardId)));
    if (!row) throw notFound();
    return row;
  }

  app.get(
    '/api/v1/boards/:board_id/webhooks/:webhook_id/payloads',
    { schema: { operationId: 'list_board_webhook_payloads', tags, params: WebhookParams, querystring: PageQuery, response: { 200: Page(BoardWebhookPayloadRead, 'LimitOffsetPage_BoardWebhookPayloadRead'), ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const board = await boardFor(request, request.params.board_id, 'read');
      await requireWebhook(board.id, request.params.webhook_id);
      const where = and(eq(boardWebhookPayloads.boardId, board.id), eq(boardWebhookPayloads.webhookId, request.params.webhook_id));
      const [rows, [{ total }]] = await Promise.all([
        db.select().from(boardWebhookPayloads).where(where).orderBy(desc(boardWebhookPayloads.receivedAt), desc(boardWebhookPayloads.id)).limit(request.query.limit).offset(request.query.offset),
        db.select({ total: count() }).from(boardWebhookPayloads).where(where),
      ]);
      return page(rows.map((row) => presentPayload(row)), total, request.query);
    },
  );

  app.get(
    '/api/v1/boards/:board_id/webhooks/:webhook_id/payloads/:payload_id',
    { schema: { operationId: 'get_board_webhook_payload', tags, params: PayloadParams, response: { 200: BoardWebhookPayloadRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const board = await boardFor(request, request.params.board_id, 'read');
      return presentPayload(await payloadOn(board.id, request.params.webhook_id, request.params.payload_id));
    },
  );

  app.get(
    '/api/v1/agent/boards/:board_id/webhooks/:webhook_id/payloads/:payload_id',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_get_board_webhook_payload',
          intent: 'agent_board_webhook_payload_read',
          roles: BOARD_AGENTS,
          tags: ['board-webhooks'],
          description: 'Read one received webhook payload of your board; `max_chars` returns a shortened preview string.',
          whenToUse: 'After a WEBHOOK EVENT RECEIVED message, to inspect the full payload it names.',
        }),
        params: PayloadParams,
        querystring: PreviewQuery,
        response: { 200: BoardWebhookPayloadRead, ...errors(...AUTHED, 403, 404, 429) },
      },
    },
    async (request) => {
      const agent = await requireAgent(request);
      const board = await boardForAgent(request, agent, request.params.board_id);
      const row = await payloadOn(board.id, request.params.webhook_id, request.params.payload_id);
      return presentPayload(row, truncatePayload((row.payload ?? null) as JsonValue, request.query.max_chars));
    },
  );
};
