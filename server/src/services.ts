import type { Logger } from 'pino';
import { ClerkVerifier } from './auth/clerk';
import { SecretBox } from './auth/secret-box';
import type { Config } from './config';
import type { Database, Db } from './db/client';
import { GatewayConnections } from './domain/gateways/connections';
import { SoulsDirectory } from './domain/souls/directory';
import { HttpMetrics } from './http/metrics';
import { Worker } from './jobs/worker';

/** How many gateways this process holds a live connection to, out of all it manages. */
export interface GatewayStates {
  connected: number;
  total: number;
}

/**
 * Everything a request handler may use, built once per process. Later areas add their own
 * long-lived parts here (gateway connections, rate limiters, the event bus).
 */
export interface Services {
  config: Config;
  database: Database;
  db: Db;
  logger: Logger;
  clerk: ClerkVerifier | null;
  /** Seals secrets stored in the database (SECRETS_KEY). */
  secrets: SecretBox;
  /** Live connections to the registered OpenClaw gateways. */
  gateways: GatewayConnections;
  /** The souls directory (SOULS_DIRECTORY_URL) with its cached index. */
  souls: SoulsDirectory;
  /** Runs queued jobs; started by `serve` (unless --no-worker) and by `worker`. */
  worker: Worker;
  /** Set once migrations are applied; readiness reports false before. */
  state: { migrated: boolean; shuttingDown: boolean };
  /** When this process started serving (uptime in status and metrics). */
  startedAt: Date;
  /** Request counters and latencies for `/metrics`; null unless METRICS_ENABLED. */
  metrics: HttpMetrics | null;
  /** Filled by the live-event stream: open SSE connections of this process. */
  sseClients?: () => number;
}

export function createServices(config: Config, database: Database, logger: Logger): Services {
  const secrets = new SecretBox(config.secretsKey ?? missingSecretsKey());
  return {
    config,
    database,
    db: database.db,
    logger,
    clerk: config.authMode === 'clerk' ? new ClerkVerifier(config.clerk) : null,
    secrets,
    worker: new Worker(database, logger.child({ component: 'worker' })),
    gateways: new GatewayConnections(database.db, secrets, logger),
    souls: new SoulsDirectory(config.soulsDirectoryUrl),
    state: { migrated: false, shuttingDown: false },
    startedAt: new Date(),
    metrics: config.metrics.enabled ? new HttpMetrics() : null,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

/** Closes what the services hold open (gateway sockets); the database is closed by its owner. */
export async function closeServices(services: Services): Promise<void> {
  await services.gateways.close();
}

function missingSecretsKey(): never {
  throw new Error('SECRETS_KEY is not set and was not generated: start through runtime/bootstrap completeConfig');
}
