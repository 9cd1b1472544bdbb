import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { boards } from './boards';
import { createdAt, id, ts, updatedAt } from './columns';
import { gateways } from './gateways';

// The reference's vestigial columns provision_confirm_token_hash, delete_requested_at and
// delete_confirm_token_hash (only ever cleared) are intentionally not stored.

export interface HeartbeatConfig {
  every?: string;
  target?: string;
  includeReasoning?: boolean;
  [key: string]: unknown;
}

export const agents = pgTable(
  'agents',
  {
    id: id(),
    /** NULL for the gateway-main agent. A board agent is deleted with its board. */
    boardId: uuid('board_id').references(() => boards.id, { onDelete: 'cascade' }),
    gatewayId: uuid('gateway_id')
      .notNull()
      .references(() => gateways.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** provisioning | online | offline | updating, or what the agent reports by heartbeat. */
    status: text('status').notNull().default('provisioning'),
    /** Deterministic gateway session key; unique, so each gateway has one main agent, each board one lead. */
    openclawSessionId: text('openclaw_session_id'),
    /** Agent tokens look like `<prefix>.<secret>`: the prefix finds the row, the hash verifies. */
    agentTokenPrefix: text('agent_token_prefix'),
    agentTokenHash: text('agent_token_hash'),
    /**
     * The token before the last rotation, still accepted until the agent first authenticates
     * with the new one, so a rotation never locks out an agent that has not read it yet (bug 29).
     */
    previousTokenPrefix: text('previous_token_prefix'),
    previousTokenHash: text('previous_token_hash'),
    heartbeatConfig: jsonb('heartbeat_config').$type<HeartbeatConfig>(),
    identityProfile: jsonb('identity_profile').$type<Record<string, string>>(),
    identityTemplate: text('identity_template'),
    soulTemplate: text('soul_template'),
    provisionRequestedAt: ts('provision_requested_at'),
    /** provision | update while a lifecycle run is pending. */
    provisionAction: text('provision_action'),
    lastSeenAt: ts('last_seen_at'),
    lifecycleGeneration: integer('lifecycle_generation').notNull().default(0),
    wakeAttempts: integer('wake_attempts').notNull().default(0),
    lastWakeSentAt: ts('last_wake_sent_at'),
    checkinDeadlineAt: ts('checkin_deadline_at'),
    /** Last gateway error; internal, not exposed by the API. */
    lastProvisionError: text('last_provision_error'),
    isBoardLead: boolean('is_board_lead').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ix_agents_board_id').on(t.boardId),
    index('ix_agents_gateway_id').on(t.gatewayId),
    index('ix_agents_name').on(t.name),
    index('ix_agents_status').on(t.status),
    uniqueIndex('uq_agents_openclaw_session_id').on(t.openclawSessionId),
    uniqueIndex('uq_agents_agent_token_prefix').on(t.agentTokenPrefix),
    uniqueIndex('uq_agents_previous_token_prefix').on(t.previousTokenPrefix),
    index('ix_agents_provision_action').on(t.provisionAction),
    index('ix_agents_is_board_lead').on(t.isBoardLead),
  ],
);

export type Agent = typeof agents.$inferSelect;
export type NewAgent = typeof agents.$inferInsert;
