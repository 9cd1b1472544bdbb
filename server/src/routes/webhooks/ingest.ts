import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { boards, boardWebhooks, type Board, type BoardWebhook } from '../../db/schema';
import { recordPayload } from '../../domain/webhooks/ingest';
import { capturedHeaders, decodePayload } from '../../domain/webhooks/payload';
import { presentedSignature, verifySignature } from '../../domain/webhooks/signature';
import { declaredLength, payloadTooLarge, readBoundedBody } from '../../http/bounded-body';
import { forbidden, HttpError, notFound } from '../../http/errors';
import { errors } from '../../http/route-schema';
import { WebhookIngestResponse } from '../../presenters/webhooks';
import { WebhookParams } from './params';

declare module 'fastify' {
  interface FastifyRequest {
    webhookTarget?: { board: Board; webhook: BoardWebhook };
  }
}

/**
 * The public ingest endpoint. In order, before any byte of the body is read: rate limit per client
 * IP (429), board and webhook (404), enabled (410), declared size (413; a malformed Content-Length
 * is a 400). Then the body is read under the cap (413 as soon as the running total passes it),
 * the HMAC is checked over those exact bytes (403), and the payload is recorded (202). Any answer
 * given before the body was read to its end closes the connection, so an oversized or unwanted
 * body is never drained or buffered.
 */
export const ingestRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config, db } = app.services;
  const limit = config.webhookMaxPayloadBytes;

  // This scope takes any content type as raw bytes, read by our bounded reader.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    readBoundedBody(payload, limit).then(
      (body) => done(null, body),
      (error: Error) => done(error, undefined),
    );
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.raw.complete) reply.header('connection', 'close');
    return payload;
  });

  app.post(
    '/api/v1/boards/:board_id/webhooks/:webhook_id',
    {
      schema: {
        operationId: 'ingest_board_webhook',
        tags: ['board-webhooks'],
        description: 'Public endpoint for third-party senders. Signed with HMAC-SHA256 when the webhook has a secret.',
        security: [],
        params: WebhookParams,
        response: { 202: WebhookIngestResponse, ...errors(400, 403, 404, 410, 413, 422, 429) },
      },
      onRequest: async (request) => {
        await request.server.rateLimits.webhookIngest.enforce(request);
        const { board_id: boardId, webhook_id: webhookId } = request.params as { board_id: string; webhook_id: string };
        const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
        if (!uuid.test(boardId) || !uuid.test(webhookId)) throw notFound();
        const [board] = await db.select().from(boards).where(eq(boards.id, boardId));
        if (!board) throw notFound();
        const [webhook] = await db.select().from(boardWebhooks).where(and(eq(boardWebhooks.id, webhookId), eq(boardWebhooks.boardId, boardId)));
        if (!webhook) throw notFound();
        if (!webhook.enabled) throw new HttpError(410, 'Webhook is disabled.');
        const declared = declaredLength(request.headers['content-length'], limit);
        if (declared.kind === 'malformed') throw new HttpError(400, 'Invalid Content-Length header.');
        if (declared.kind === 'too-large') throw payloadTooLarge(limit);
        request.webhookTarget = { board, webhook };
      },
    },
    async (request, reply) => {
      const { board, webhook } = request.webhookTarget!;
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (webhook.secret) {
        const check = verifySignature(app.services.secrets.open(webhook.secret), raw, presentedSignature(request.headers, webhook.signatureHeader));
        if (!check.ok) throw forbidden(check.detail);
      }
      const contentType = request.headers['content-type']?.slice(0, 255) ?? null;
      const row = await recordPayload(
        db,
        board,
        webhook,
        {
          payload: decodePayload(raw, contentType),
          headers: capturedHeaders(request.headers, webhook.signatureHeader),
          sourceIp: request.clientIp || null,
          contentType,
        },
        config.baseUrl,
      );
      app.services.worker.wake();
      return reply.code(202).send({ ok: true as const, board_id: board.id, webhook_id: webhook.id, payload_id: row.id });
    },
  );
};
