import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const MAIN = join(ROOT, 'server/dist/main.js');

/** Builds the server bundle if it is older than its sources (what `npm start` runs). */
export async function ensureBuilt(): Promise<void> {
  const { buildServer } = await import(join(ROOT, 'scripts/build.mjs'));
  await buildServer();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export const tempDir = (prefix = 'mc-proc-') => mkdtempSync(join(tmpdir(), prefix));

export interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs the server CLI with a clean environment plus `env`. */
export function runCli(args: string[], env: Record<string, string>, cwd = ROOT): Proc {
  let output = '';
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls until fn returns a truthy value or the deadline passes. */
export async function until<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, stepMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Waits for the server to answer 200 on `/readyz` (or on `probe`, e.g. `/healthz` when a dependency is down on purpose). */
export async function waitReady(port: number, proc: Proc, timeoutMs = 30_000, probe = '/readyz'): Promise<void> {
  await until(async () => {
    if (proc.child.exitCode !== null) throw new Error(`server exited: ${proc.output()}`);
    const res = await fetch(`http://127.0.0.1:${port}${probe}`).catch(() => null);
    return res?.status === 200;
  }, timeoutMs);
}
