import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../app';
import { ConfigError, weakLocalToken, type Config } from '../config';
import { openDatabase, type Database } from '../db/client';
import { assertSchemaNotNewer, migrate, migrationStatus } from '../db/migrations';
import { schedulePresenceSyncs } from '../domain/agents/presence-jobs';
import { registerJobHandlers } from '../jobs/handlers';
import { closeServices, createServices, type Services } from '../services';
import { startControlSocket } from './control-socket';
import { lockDataDir } from './data-dir-lock';
import { ensureDataDir, ensureSecretFile, LOCAL_TOKEN_FILE, newLocalToken, newSecretsKey, SECRETS_KEY_FILE } from './data-dir';

/** Fills generated secrets (local token, secrets key) from the data directory. */
export function completeConfig(config: Config, logger: Logger): Config {
  ensureDataDir(config.dataDir);
  let { localAuthToken, secretsKey } = config;
  if (config.authMode === 'local' && !localAuthToken) {
    const token = ensureSecretFile(config.dataDir, LOCAL_TOKEN_FILE, newLocalToken);
    localAuthToken = token.value;
    // A saved token edited by hand is held to the same rule as LOCAL_AUTH_TOKEN (BR-22).
    if (weakLocalToken(localAuthToken)) {
      throw new ConfigError('LOCAL_AUTH_TOKEN', `the token saved in ${config.dataDir}/${LOCAL_TOKEN_FILE} is weak (under 50 characters or a placeholder): run \`npm run mc -- token rotate\``);
    }
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
      await migrate(database, (tag) => logger.info({ migration: tag }, 'applying migration'));
    } else {
      const status = await migrationStatus(database);
      assertSchemaNotNewer(status);
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
  await schedulePresenceSyncs(services);
  return services;
}

/** The embedded database is one process's at a time (backup, restore and migrate check this). */
function claimDataDir(config: Config, command: string): () => void {
  return config.databaseUrl ? () => undefined : lockDataDir(config.dataDir, command);
}

async function startClaimed(config: Config, logger: Logger, command: string): Promise<{ services: Services; release: () => void }> {
  const release = claimDataDir(config, command);
  try {
    return { services: await startServices(config, logger), release };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Starts the HTTP server (and the job worker unless `worker: false`); `stop` lets in-flight
 * requests and the running job finish, then closes the database.
 */
export async function startServer(config: Config, logger: Logger, options: { worker?: boolean } = {}): Promise<Running> {
  const { services, release } = await startClaimed(config, logger, 'serve');
  const app = await buildApp(services);
  await app.listen({ host: config.host, port: config.port });
  if (options.worker !== false) services.worker.start();
  // Online backups of the embedded database go through this process (runtime/control-socket.ts).
  let closeControl: () => Promise<void> = async () => undefined;
  if (!config.databaseUrl) {
    closeControl = await startControlSocket(config.dataDir, services.database, logger).catch((error: Error) => {
      logger.warn({ error: error.message }, 'control socket unavailable: online backups are off');
      return async () => undefined;
    });
  }
  logger.info({ url: config.baseUrl, database: services.database.kind, worker: options.worker !== false }, 'Mission Control is serving');
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      services.state.shuttingDown = true;
      await Promise.all([app.close(), services.worker.stop()]);
      await closeServices(services);
      await closeControl();
      await services.database.close();
      release();
    })());
  return { app, services, stop };
}

/** Runs only the job worker (scale-out: `mc worker` next to `mc serve --no-worker`). */
export async function startWorker(config: Config, logger: Logger): Promise<{ services: Services; stop(): Promise<void> }> {
  const { services, release } = await startClaimed(config, logger, 'worker');
  services.worker.start();
  logger.info({ queues: services.worker.queues(), database: services.database.kind }, 'job worker started');
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      services.state.shuttingDown = true;
      await services.worker.stop();
      await closeServices(services);
      await services.database.close();
      release();
    })());
  return { services, stop };
}
