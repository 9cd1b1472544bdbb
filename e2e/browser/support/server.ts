import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, freePort, ROOT, runCli, tempDir, waitReady, type Proc } from '../../../server/test/support/process';

export const CHROMIUM = '/usr/bin/chromium';
export const TOKEN = 'browser-test-token-'.padEnd(64, 'b');

export interface Server {
  url: string;
  proc: Proc;
  /** An authenticated JSON call to `/api/v1{path}`; throws on a non-2xx answer. */
  api<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** The server bundle and the web app, built if older than their sources (what `npm start` serves). */
export async function ensureAppBuilt(): Promise<void> {
  await ensureBuilt();
  const { buildWeb } = await import(join(ROOT, 'scripts/build.mjs'));
  await buildWeb();
  if (!existsSync(join(ROOT, 'web/dist/index.html'))) throw new Error('web/dist was not built');
}

/** A real Mission Control process (embedded PGlite in a temporary data dir, local-token auth). */
export async function startServer(): Promise<Server> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is required for the browser tests at ${CHROMIUM} (apt-get install chromium; .ci/run does it)`);
  await ensureAppBuilt();
  const port = await freePort();
  const dataDir = tempDir('mc-browser-');
  const proc = runCli(['serve'], { PORT: String(port), LOCAL_AUTH_TOKEN: TOKEN, DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  await waitReady(port, proc, 60_000);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    proc,
    async api(method, path, body) {
      const res = await fetch(`${url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
      return text ? JSON.parse(text) : null;
    },
    async stop() {
      proc.child.kill('SIGTERM');
      await proc.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
