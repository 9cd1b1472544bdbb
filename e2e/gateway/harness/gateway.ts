// Runs a real OpenClaw gateway for tests: its own HOME, TMPDIR and token, a free loopback port,
// the scripted fake model as its only model provider, Node 24 from the cache.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GatewayConnection } from '../../../server/src/gateway/connection';
import { GatewayError } from '../../../server/src/gateway/errors';
import { cacheRoot, ensureGatewayInstall } from './cache.mjs';

export const OPENCLAW_VERSION = process.env.OPENCLAW_VERSION ?? '2026.9.6';

export interface StartGatewayOptions {
  version?: string;
  /** Base URL of the model provider (the fake model), e.g. http://127.0.0.1:1234/v1. */
  modelBaseUrl: string;
  modelId?: string;
  /** Extra top-level config merged over the defaults (shallow per top-level key). */
  config?: Record<string, unknown>;
  readyTimeoutMs?: number;
}

export interface RunningGateway {
  version: string;
  url: string;
  port: number;
  token: string;
  home: string;
  /** Directory under which tests create agent workspaces. */
  workspaceRoot: string;
  pid(): number | null;
  /** Graceful stop (SIGTERM, then SIGKILL) and removal of the temp directory. */
  stop(): Promise<void>;
  /** Sudden death (SIGKILL of the whole process group); the state is kept for restart(). */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: the process keeps its sockets but stops answering. */
  freeze(): void;
  thaw(): void;
  /**
   * Starts the gateway again on the same port, HOME and token; resolves when it accepts
   * connections. `env` adds to its environment from then on (e.g. OPENCLAW_VERSION, the version
   * string the gateway reports in its hello); `{}` goes back to the defaults.
   */
  restart(options?: { env?: Record<string, string> }): Promise<void>;
  /** The last lines of the gateway's output (for failure messages). */
  logTail(lines?: number): string;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function gatewayConfig(port: number, token: string, options: StartGatewayOptions): Record<string, unknown> {
  const modelId = options.modelId ?? 'fake-model';
  const base: Record<string, unknown> = {
    gateway: {
      mode: 'local',
      port,
      bind: 'loopback',
      auth: { mode: 'token', token },
      // Lets a test present itself as a remote client with X-Forwarded-For (pairing tests);
      // direct loopback connections stay local.
      trustedProxies: ['127.0.0.1'],
    },
    models: {
      mode: 'merge',
      providers: {
        fake: {
          baseUrl: options.modelBaseUrl,
          apiKey: 'fake-local',
          api: 'openai-completions',
          models: [
            {
              id: modelId,
              name: 'Fake scripted model',
              reasoning: false,
              input: ['text'],
              cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
              contextWindow: 128000,
              maxTokens: 4096,
            },
          ],
        },
      },
    },
    agents: { defaults: { model: { primary: `fake/${modelId}` } } },
    // Older gateways ask for approval before exec; tests drive exec through the fake model.
    tools: { exec: { security: 'full', ask: 'off' } },
  };
  if (supportsCatalogRefreshSwitch(options.version ?? OPENCLAW_VERSION)) {
    // No hosted model-catalog downloads: the fake provider is the only model source.
    (base.models as Record<string, unknown>).catalogRefresh = { enabled: false };
    base.update = { checkOnStart: false };
  }
  return { ...base, ...(options.config ?? {}) };
}

/** `models.catalogRefresh` and `update.checkOnStart` exist from the 2026.9 line on. */
function supportsCatalogRefreshSwitch(version: string): boolean {
  const [year, month] = version.split('.').map(Number);
  return year > 2026 || (year === 2026 && month >= 9);
}

async function waitForHandshake(url: string, token: string, child: () => ChildProcess | null, log: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    const proc = child();
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`gateway exited before accepting connections (exit ${proc?.exitCode}, signal ${proc?.signalCode}):\n${log()}`);
    }
    const conn = new GatewayConnection({ url, token, reconnect: false, connectTimeoutMs: 10_000 });
    try {
      await conn.ready(Math.min(15_000, Math.max(1_000, deadline - Date.now())));
      return;
    } catch (error) {
      last = error;
      if (process.env.MC_HARNESS_DEBUG) console.error(new Date().toISOString(), 'handshake attempt failed:', String(error), conn.status().lastError?.message);
      if (error instanceof GatewayError && (error.kind === 'auth' || error.kind === 'protocol')) throw error;
    } finally {
      await conn.close();
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gateway did not accept a WebSocket handshake within ${timeoutMs} ms (last: ${String(last)}):\n${log()}`);
}

export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const version = options.version ?? OPENCLAW_VERSION;
  const install = await ensureGatewayInstall(version);
  const root = await mkdtemp(join(tmpdir(), `mc-openclaw-${version}-`));
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  const workspaceRoot = join(root, 'workspaces');
  await mkdir(join(home, '.openclaw'), { recursive: true });
  await mkdir(tmp, { recursive: true });
  await mkdir(workspaceRoot, { recursive: true });
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  await writeFile(join(home, '.openclaw', 'openclaw.json'), JSON.stringify(gatewayConfig(port, token, options), null, 2));
  const logPath = join(root, 'gateway.log');
  const url = `ws://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const env: NodeJS.ProcessEnv = {
    PATH: `${dirname(install.node)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    TMPDIR: tmp,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    // Loopback only: no update checks, no mDNS announcements, no self-respawn (we track the PID).
    OPENCLAW_NO_AUTO_UPDATE: '1',
    OPENCLAW_DISABLE_BONJOUR: '1',
    OPENCLAW_NO_RESPAWN: '1',
    OPENCLAW_NO_ONBOARD: '1',
    // OpenClaw enables Node's module compile cache, by default under TMPDIR; keep it in the
    // shared cache so every gateway after the first skips ~20 s of compiling its 300 MB of JS.
    // Pinning the directory also stops its launcher from re-spawning itself to pick one.
    NODE_COMPILE_CACHE: join(cacheRoot(), 'node-compile-cache', version),
    OPENCLAW_PACKAGED_COMPILE_CACHE_RESPAWNED: '1',
  };

  const logTail = (lines = 60) => {
    if (!existsSync(logPath)) return '(no gateway output)';
    return readFileSync(logPath, 'utf8').split('\n').slice(-lines).join('\n');
  };

  let extraEnv: Record<string, string> = {};
  const spawnGateway = () => {
    const out = createWriteStream(logPath, { flags: 'a' });
    const proc = spawn(install.node, [install.openclaw, 'gateway', 'run', '--bind', 'loopback', '--port', String(port)], {
      cwd: home,
      env: { ...env, ...extraEnv },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.pipe(out);
    proc.stderr?.pipe(out);
    live.add(proc);
    proc.on('exit', () => live.delete(proc));
    child = proc;
  };

  const signalGroup = (signal: NodeJS.Signals) => {
    const pid = child?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  };

  const waitExit = (proc: ChildProcess, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });

  const killNow = async () => {
    const proc = child;
    if (!proc) return;
    signalGroup('SIGCONT');
    signalGroup('SIGKILL');
    await waitExit(proc, 10_000);
    child = null;
  };

  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  spawnGateway();
  try {
    await waitForHandshake(url, token, () => child, logTail, readyTimeoutMs);
  } catch (error) {
    await killNow();
    await rm(root, { recursive: true, force: true });
    throw error;
  }

  return {
    version,
    url,
    port,
    token,
    home,
    workspaceRoot,
    pid: () => child?.pid ?? null,
    logTail,
    async stop() {
      const proc = child;
      if (proc) {
        signalGroup('SIGCONT');
        signalGroup('SIGTERM');
        if (!(await waitExit(proc, 15_000))) await killNow();
        child = null;
      }
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
    kill: killNow,
    freeze: () => signalGroup('SIGSTOP'),
    thaw: () => signalGroup('SIGCONT'),
    async restart(restartOptions = {}) {
      if (restartOptions.env) extraEnv = { ...restartOptions.env };
      await killNow();
      spawnGateway();
      await waitForHandshake(url, token, () => child, logTail, readyTimeoutMs);
    },
  };
}
