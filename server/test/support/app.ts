import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/runtime/logger';
import { registerJobHandlers } from '../../src/jobs/handlers';
import { closeServices, createServices, type Services } from '../../src/services';
import { createTestDatabase, testDbKind, type TestDbKind } from './database';

export const TEST_TOKEN = 'test-token-'.padEnd(64, 'x');

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  kind: TestDbKind;
  /** Every log line the app wrote, parsed (for "never logged" assertions). */
  logs: string[];
  /** An authenticated request as the local user unless `token: null` or another token is given. */
  api(method: InjectOptions['method'], url: string, options?: { body?: unknown; token?: string | null; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** A full application over a fresh database of the project's current kind (PGlite or PostgreSQL). */
export async function createTestApp(env: Record<string, string> = {}, kind: TestDbKind = testDbKind()): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-test-'));
  const config: Config = loadConfig(
    { AUTH_MODE: 'local', LOCAL_AUTH_TOKEN: TEST_TOKEN, DATA_DIR: dataDir, BASE_URL: 'http://127.0.0.1:8000', LOG_LEVEL: 'debug', LOG_FORMAT: 'json', SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'), SOULS_DIRECTORY_URL: 'http://127.0.0.1:9', ...env },
    '/nonexistent/.env',
  );
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const testDb = await createTestDatabase(kind);
  const services = createServices(config, testDb.database, createLogger(config, sink));
  services.state.migrated = true;
  // The worker is not started: tests run queued jobs deterministically with services.worker.pass().
  registerJobHandlers(services);
  const app = await buildApp(services);
  await app.ready();
  return {
    app,
    services,
    kind,
    logs,
    api: (method, url, options = {}) => {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      const token = options.token === undefined ? TEST_TOKEN : options.token;
      if (token) headers.authorization = `Bearer ${token}`;
      return app.inject({ method, url, headers, ...(options.body !== undefined ? { payload: options.body as never } : {}) });
    },
    close: async () => {
      await app.close();
      await closeServices(services);
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
