import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../app';
import type { Config } from '../config';
import { openDatabase, type Database } from '../db/client';
import { migrate, migrationStatus } from '../db/migrations';
import { registerJobHandlers } from '../jobs/handlers';
import { closeServices, createServices, type Services } from '../services';
import { ensureDataDir, ensureSecretFile, LOCAL_TOKEN_FILE, newLocalToken, newSecretsKey, SECRETS_KEY_FILE } from './data-dir';

/** Fills generated secrets (local token, secrets key) from the data directory. */
export function completeConfig(config: Config, logger: Logger): Config {
  ensureDataDir(config.dataDir);
  let { localAuthToken, secretsKey } = config;
  if (config.authMode === 'local' && !localAuthToken) {
    const token = ensureSecretFile(config.dataDir, LOCAL_TOKEN_FILE, newLocalToken);
    localAuthToken = token.value;
    if (token.created) {
      // Printed once, on the terminal only (never through the logger).
      process.stdout.write(
        `\nA sign-in token was generated and saved to ${config.dataDir}/${LOCAL_TOKEN_FILE} (owner-only).\n` +
          `Open ${config.baseUrl} and paste it, or run \`npm run mc -- token show\`.\n\n`,
      );
    } else {
      logger.info({ file: `${config.dataDir}/${LOCAL_TOKEN_FILE}` }, 'using the saved local sign-in token');
    }
  }
  if (!secretsKey) secretsKey = ensureSecretFile(config.dataDir, SECRETS_KEY_FILE, newSecretsKey).value;
  return { ...config, localAuthToken, secretsKey };
}

/** Opens the database and brings its schema up to date (or checks it is, when auto-migrate is off). */
export async function prepareDatabase(config: Config, logger: Logger): Promise<Database> {
  const database = await openDatabase(config);
  try {
    if (config.autoMigrate) {
      const status = await migrate(database, (tag) => logger.info({ migration: tag }, 'applying migration'));
      if (status.unknown.length) logger.warn({ unknown: status.unknown }, 'the database has migrations this build does not know');
    } else {
      const status = await migrationStatus(database);
      if (status.pending.length) {
        throw new Error(`the database needs migrations (${status.pending.join(', ')}): run \`npm run mc -- migrate\` or set DB_AUTO_MIGRATE=true`);
      }
    }
    return database;
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

export interface Running {
  app: FastifyInstance;
  services: Services;
  stop(): Promise<void>;
}

/** Opens the database and builds the services with every job handler registered. */
export async function startServices(config: Config, logger: Logger): Promise<Services> {
  const database = await prepareDatabase(config, logger);
  const services = createServices(config, database, logger);
  services.state.migrated = true;
  registerJobHandlers(services);
  await services.gateways.connectAll();
  return services;
}

/**
 * Starts the HTTP server (and the job worker unless `worker: false`); `stop` lets in-flight
 * requests and the running job finish, then closes the database.
 */
export async function startServer(config: Config, logger: Logger, options: { worker?: boolean } = {}): Promise<Running> {
  const services = await startServices(config, logger);
  const app = await buildApp(services);
  await app.listen({ host: config.host, port: config.port });
  if (options.worker !== false) services.worker.start();
  logger.info({ url: config.baseUrl, database: services.database.kind, worker: options.worker !== false }, 'Mission Control is serving');
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      services.state.shuttingDown = true;
      await Promise.all([app.close(), services.worker.stop()]);
      await closeServices(services);
      await services.database.close();
    })());
  return { app, services, stop };
}

/** Runs only the job worker (scale-out: `mc worker` next to `mc serve --no-worker`). */
export async function startWorker(config: Config, logger: Logger): Promise<{ services: Services; stop(): Promise<void> }> {
  const services = await startServices(config, logger);
  services.worker.start();
  logger.info({ queues: services.worker.queues(), database: services.database.kind }, 'job worker started');
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      services.state.shuttingDown = true;
      await services.worker.stop();
      await closeServices(services);
      await services.database.close();
    })());
  return { services, stop };
}
