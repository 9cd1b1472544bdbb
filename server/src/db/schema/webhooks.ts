import { boolean, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { boards } from './boards';
import { createdAt, id, ts, updatedAt } from './columns';

export const boardWebhooks = pgTable(
  'board_webhooks',
  {
    id: id(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    /** Optional target agent; NULL (→ board lead) once that agent is deleted. */
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    /** Instruction shown to agents. */
    description: text('description').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** HMAC secret; stored encrypted by the application, never returned. */
    secret: text('secret'),
    /** Custom signature header name. */
    signatureHeader: text('signature_header'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ix_board_webhooks_board_id').on(t.boardId),
    index('ix_board_webhooks_agent_id').on(t.agentId),
    index('ix_board_webhooks_enabled').on(t.enabled),
  ],
);

export const boardWebhookPayloads = pgTable(
  'board_webhook_payloads',
  {
    id: id(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => boardWebhooks.id, { onDelete: 'cascade' }),
    /**
     * Any JSON value. Nullable because Drizzle writes a JS null as SQL NULL; a JSON `null` body is
     * therefore stored as SQL NULL and read back as null.
     */
    payload: jsonb('payload'),
    headers: jsonb('headers').$type<Record<string, string>>(),
    sourceIp: text('source_ip'),
    contentType: text('content_type'),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [
    index('ix_board_webhook_payloads_board_webhook_received_at').on(
      t.boardId,
      t.webhookId,
      t.receivedAt,
    ),
    index('ix_board_webhook_payloads_webhook_id').on(t.webhookId),
    index('ix_board_webhook_payloads_received_at').on(t.receivedAt),
  ],
);

export type BoardWebhook = typeof boardWebhooks.$inferSelect;
export type NewBoardWebhook = typeof boardWebhooks.$inferInsert;
export type BoardWebhookPayload = typeof boardWebhookPayloads.$inferSelect;
export type NewBoardWebhookPayload = typeof boardWebhookPayloads.$inferInsert;
