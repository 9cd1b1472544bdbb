import { and, count, desc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boardWebhookPayloads, boardWebhooks, type BoardWebhook } from '../../db/schema';
import { HEADER_TOKEN } from '../../domain/webhooks/signature';
import { invalidField, notFound } from '../../http/errors';
import { Page, page, PageQuery } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { OkResponse, ok } from '../../presenters/common';
import { BoardWebhookRead, presentWebhook } from '../../presenters/webhooks';
import { agentOnBoard, boardFor } from './board-guard';
import { ingestRoutes } from './ingest';
import { BoardParams, WebhookParams } from './params';
import { payloadRoutes } from './payloads';

const Description = z.string().max(20_000).refine((v) => v.trim() !== '', 'description must not be blank');
const WebhookFields = {
  enabled: z.boolean(),
  agent_id: z.uuid().nullable(),
  secret: z.string().max(1_000).nullable(),
  signature_header: z.string().max(256).nullable(),
};
const BoardWebhookCreate = z
  .object({ description: Description, enabled: WebhookFields.enabled.default(true), agent_id: WebhookFields.agent_id.optional(), secret: WebhookFields.secret.optional(), signature_header: WebhookFields.signature_header.optional() })
  .meta({ id: 'BoardWebhookCreate' });
const BoardWebhookUpdate = z
  .object({ description: Description.optional(), enabled: WebhookFields.enabled.optional(), agent_id: WebhookFields.agent_id.optional(), secret: WebhookFields.secret.optional(), signature_header: WebhookFields.signature_header.optional() })
  .meta({ id: 'BoardWebhookUpdate' });


/** Trimmed; blank means "none". */
const blankToNull = (value: string | null | undefined) => (value == null ? null : value.trim() || null);

function signatureHeader(value: string | null | undefined): string | null {
  const name = blankToNull(value);
  if (name !== null && !HEADER_TOKEN.test(name)) {
    throw invalidField(['body', 'signature_header'], 'signature_header must be a valid HTTP header name');
  }
  return name;
}

export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['board-webhooks'];
  const { config } = app.services;
  const present = (webhook: BoardWebhook) => presentWebhook(webhook, config.baseUrl);

  async function webhookOn(boardId: string, webhookId: string): Promise<BoardWebhook> {
    const [webhook] = await app.services.db
      .select()
      .from(boardWebhooks)
      .where(and(eq(boardWebhooks.id, webhookId), eq(boardWebhooks.boardId, boardId)));
    if (!webhook) throw notFound();
    return webhook;
  }

  async function checkAgent(request: Parameters<typeof boardFor>[0], boardId: string, agentId: string | null | undefined) {
    if (agentId && !(await agentOnBoard(request, boardId, agentId))) {
      throw invalidField(['body', 'agent_id'], 'agent_id must reference an agent on this board.');
    }
  }

  app.get(
    '/api/v1/boards/:board_id/webhooks',
    { schema: { operationId: 'list_board_webhooks', tags, params: BoardParams, querystring: PageQuery, response: { 200: Page(BoardWebhookRead, 'LimitOffsetPage_BoardWebhookRead'), ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const board = await boardFor(request, request.params.board_id, 'read');
      const where = eq(boardWebhooks.boardId, board.id);
      const { db } = app.services;
      const [rows, [{ total }]] = await Promise.all([
        db.select().from(boardWebhooks).where(where).orderBy(desc(boardWebhooks.createdAt), desc(boardWebhooks.id)).limit(request.query.limit).offset(request.query.offset),
        db.select({ total: count() }).from(boardWebhooks).where(where),
      ]);
      return page(rows.map(present), total, request.query);
    },
  );

  app.post(
    '/api/v1/boards/:board_id/webhooks',
    { schema: { operationId: 'create_board_webhook', tags, params: BoardParams, body: BoardWebhookCreate, response: { 200: BoardWebhookRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const board = await boardFor(request, request.params.board_id, 'write');
      const body = request.body;
      const header = signatureHeader(body.signature_header);
      await checkAgent(request, board.id, body.agent_id);
      const secret = blankToNull(body.secret);
      const [row] = await app.services.db
        .insert(boardWebhooks)
        .values({
          boardId: board.id,
          description: body.description.trim(),
          enabled: body.enabled,
          agentId: body.agent_id ?? null,
          secret: secret === null ? null : app.services.secrets.seal(secret),
          signatureHeader: header,
        })
        .returning();
      return present(row);
    },
  );

  app.get(
    '/api/v1/boards/:board_id/webhooks/:webhook_id',
    { schema: { operationId: 'get_board_webhook', tags, params: WebhookParams, response: { 200: BoardWebhookRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const board = await boardFor(request, request.params.board_id, 'read');
      return present(await webhookOn(board.id, request.params.webhook_id));
    },
  );

  app.patch(
    '/api/v1/boards/:board_id/webhooks/:webhook_id',
    { schema: { operationId: 'update_board_webhook', tags, params: WebhookParams, body: BoardWebhookUpdate, response: { 200: BoardWebhookRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const board = await boardFor(request, request.params.board_id, 'write');
      const webhook = await webhookOn(board.id, request.params.webhook_id);
      const body = request.body;
      const patch: Partial<typeof boardWebhooks.$inferInsert> = {};
      if (body.description !== undefined) patch.description = body.description.trim();
      if (body.enabled !== undefined) patch.enabled = body.enabled;
      if (body.signature_header !== undefined) patch.signatureHeader = signatureHeader(body.signature_header);
      if (body.agent_id !== undefined) {
        await checkAgent(request, board.id, body.agent_id);
        patch.agentId = body.agent_id;
      }
      if (body.secret !== undefined) {
        const secret = blankToNull(body.secret);
        patch.secret = secret === null ? null : app.services.secrets.seal(secret);
      }
      if (!Object.keys(patch).length) return present(webhook);
      const [row] = await app.services.db
        .update(boardWebhooks)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(boardWebhooks.id, webhook.id))
        .returning();
      return present(row);
    },
  );

  app.delete(
    '/api/v1/boards/:board_id/webhooks/:webhook_id',
    { schema: { operationId: 'delete_board_webhook', tags, params: WebhookParams, response: { 200: OkResponse, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const board = await boardFor(request, request.params.board_id, 'write');
      const webhook = await webhookOn(board.id, request.params.webhook_id);
      await app.services.db.transaction(async (tx) => {
        await tx.delete(boardWebhookPayloads).where(eq(boardWebhookPayloads.webhookId, webhook.id));
        await tx.delete(boardWebhooks).where(eq(boardWebhooks.id, webhook.id));
      });
      return ok;
    },
  );

  await app.register(payloadRoutes);
  await app.register(ingestRoutes);
};
