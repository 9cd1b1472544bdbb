import { boolean, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { organizations } from './organizations';

/** Ed25519 identity Mission Control uses when pairing with this gateway as a device. */
export interface GatewayDeviceIdentity {
  deviceId: string;
  publicKeyPem: string;
  /** Encrypted by the application before it is stored. */
  privateKeyPem: string;
  createdAtMs: number;
  [key: string]: unknown;
}

export const gateways = pgTable(
  'gateways',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** ws:// or wss:// URL of the OpenClaw gateway. */
    url: text('url').notNull(),
    /** Operator token; stored encrypted by the application, never returned by read endpoints. */
    token: text('token'),
    /** Device token issued by the gateway after pairing; stored encrypted by the application. */
    deviceToken: text('device_token'),
    deviceIdentity: jsonb('device_identity').$type<GatewayDeviceIdentity>(),
    disableDevicePairing: boolean('disable_device_pairing').notNull().default(false),
    workspaceRoot: text('workspace_root').notNull(),
    allowInsecureTls: boolean('allow_insecure_tls').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('ix_gateways_organization_id').on(t.organizationId)],
);

export type Gateway = typeof gateways.$inferSelect;
export type NewGateway = typeof gateways.$inferInsert;
