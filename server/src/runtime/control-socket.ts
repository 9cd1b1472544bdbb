import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import type { Database } from '../db/client';
import { backup } from './backup';

// The embedded database belongs to the serving process, so operator commands that only read it
// (backup) ask that process over a Unix socket in the data directory. Who may use the socket is
// decided by the file system: the data directory is owner-only, like the database files.

export const CONTROL_SOCKET = 'control.sock';
/** Unix socket paths are limited to about 107 bytes. */
const MAX_SOCKET_PATH = 100;

type Request = { command: 'backup'; file: string };
type Reply = { progress: string } | { ok: true; bytes: number; kind: string } | { error: string };

export const controlSocketPath = (dataDir: string) => join(dataDir, CONTROL_SOCKET);

/** Serves backup requests for the embedded database; returns a function that closes the socket. */
export async function startControlSocket(dataDir: string, database: Database, logger: Logger): Promise<() => Promise<void>> {
  const path = controlSocketPath(dataDir);
  if (path.length > MAX_SOCKET_PATH) {
    logger.warn({ path }, 'data directory path too long for the control socket: online backups are unavailable');
    return async () => undefined;
  }
  rmSync(path, { force: true }); // left by a killed process; this process holds the data dir lock
  let busy = false;
  const server: Server = createServer((socket) => {
    const send = (reply: Reply) => socket.writable && socket.write(`${JSON.stringify(reply)}\n`);
    const lines = createInterface({ input: socket });
    lines.once('line', async (line) => {
      lines.close();
      let request: Request;
      try {
        request = JSON.parse(line) as Request;
        if (request.command !== 'backup' || typeof request.file !== 'string' || !request.file.startsWith('/')) throw new Error('bad request');
      } catch {
        send({ error: 'unknown control request' });
        socket.end();
        return;
      }
      if (existsSync(request.file)) {
        send({ error: `${request.file} already exists: choose another name` });
        socket.end();
        return;
      }
      if (busy) {
        send({ error: 'a backup is already running' });
        socket.end();
        return;
      }
      busy = true;
      try {
        logger.info({ file: request.file }, 'backup requested');
        const result = await backup({ database, databaseUrl: null }, request.file, (progress) => send({ progress }));
        logger.info({ file: request.file, bytes: result.bytes }, 'backup written');
        send({ ok: true, bytes: result.bytes, kind: result.kind });
      } catch (error) {
        logger.warn({ file: request.file, error: (error as Error).message }, 'backup failed');
        send({ error: (error as Error).message });
      } finally {
        busy = false;
        socket.end();
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      rmSync(path, { force: true });
    });
}

/** Asks the serving process to write a backup; `progress` gets its progress lines. */
export function requestBackup(dataDir: string, file: string, progress: (line: string) => void): Promise<{ bytes: number; kind: string }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(controlSocketPath(dataDir));
    let settled = false;
    const settle = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    socket.on('error', (error) => settle(() => reject(new Error(`cannot reach the running Mission Control: ${error.message}`))));
    socket.on('connect', () => socket.write(`${JSON.stringify({ command: 'backup', file })}\n`));
    const lines = createInterface({ input: socket });
    lines.on('line', (line) => {
      const reply = JSON.parse(line) as Reply;
      if ('progress' in reply) progress(reply.progress);
      else if ('error' in reply) settle(() => reject(new Error(reply.error)));
      else settle(() => resolve(reply));
    });
    socket.on('close', () => settle(() => reject(new Error('the running Mission Control closed the connection without an answer'))));
  });
}
