import type { Db } from '../../db/client';
import { boardMemory, boardWebhookPayloads, type Board, type BoardWebhook, type BoardWebhookPayload } from '../../db/schema';
import { enqueueJob } from '../../jobs/queue';
import { NOTIFY_QUEUE } from '../../jobs/queue-names';
import { payloadAgentMessage, payloadMemoryNote } from './messages';
import type { JsonValue } from './payload';

export interface ReceivedPayload {
  payload: JsonValue;
  headers: Record<string, string> | null;
  sourceIp: string | null;
  contentType: string | null;
}

/**
 * Records an accepted payload in one transaction: the payload row, a board memory note (fenced)
 * and a durable delivery job for the webhook's target agent, or the board lead when it has none.
 * The caller wakes the worker after commit.
 */
export async function recordPayload(db: Db, board: Board, webhook: BoardWebhook, received: ReceivedPayload, baseUrl: string): Promise<BoardWebhookPayload> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(boardWebhookPayloads)
      .values({
        boardId: board.id,
        webhookId: webhook.id,
        // A JSON `null` body is stored as SQL NULL (see the schema); everything else as JSONB.
        payload: received.payload,
        headers: received.headers,
        sourceIp: received.sourceIp,
        contentType: received.contentType,
      })
      .returning();
    const facts = {
      boardId: board.id,
      boardName: board.name,
      webhookId: webhook.id,
      payloadId: row.id,
      description: webhook.description,
      payload: received.payload,
    };
    await tx.insert(boardMemory).values({
      boardId: board.id,
      content: payloadMemoryNote(facts),
      tags: ['webhook', `webhook:${webhook.id}`, `payload:${row.id}`],
      isChat: false,
      source: 'webhook',
    });
    await enqueueJob(
      tx,
      NOTIFY_QUEUE,
      {
        agent_id: webhook.agentId ?? null,
        board_lead_of: webhook.agentId ? null : board.id,
        message: payloadAgentMessage(facts, baseUrl),
        deliver: true,
        activity: {
          board_id: board.id,
          task_id: null,
          success_type: 'webhook.payload.delivered',
          failure_type: 'webhook.payload.delivery_failed',
        },
        reason: 'webhook_payload',
      },
      { organizationId: board.organizationId, dedupeKey: `webhook-payload:${row.id}` },
    );
    return row;
  });
}
