import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../config';
import { openDatabase } from '../db/client';
import { backup, defaultBackupName, humanSize, restore } from '../runtime/backup';
import { ensureDataDir } from '../runtime/data-dir';
import { requestBackup } from '../runtime/control-socket';
import { dataDirHolder, lockDataDir } from '../runtime/data-dir-lock';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Opens the configured database for a maintenance command (the embedded one exclusively). */
async function withDatabase<T>(config: Config, command: string, fn: (database: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  ensureDataDir(config.dataDir);
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir, command);
  try {
    const database = await openDatabase(config);
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  } finally {
    release();
  }
}

/** `mc backup [FILE]`: one file, a progress line per step and the final size. */
export async function runBackupCommand(config: Config, args: string[]): Promise<void> {
  const positional = args.filter((a) => !a.startsWith('-'));
  if (positional.length > 1 || args.some((a) => a.startsWith('-'))) throw new Error('usage: mc backup [FILE]');
  const file = resolve(positional[0] ?? defaultBackupName());
  if (existsSync(file)) throw new Error(`${file} already exists: choose another name`);
  const holder = config.databaseUrl ? null : dataDirHolder(config.dataDir);
  if (holder?.command === 'serve') {
    say(`Backing up the embedded database through the running Mission Control (pid ${holder.pid}) to ${file} …`);
    const result = await requestBackup(config.dataDir, file, say);
    say(`Backup written: ${file} (${humanSize(result.bytes)}, logical dump)`);
    return;
  }
  await withDatabase(config, 'backup', async (database) => {
    const result = await backup({ database, databaseUrl: config.databaseUrl }, file, say);
    say(`Backup written: ${file} (${humanSize(result.bytes)}, ${result.kind === 'pg_dump' ? 'pg_dump custom format' : 'logical dump'})`);
  });
}

/** `mc restore FILE [--force]`. */
export async function runRestoreCommand(config: Config, args: string[]): Promise<void> {
  const force = args.includes('--force');
  const positional = args.filter((a) => !a.startsWith('-'));
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--force');
  if (positional.length !== 1 || unknown.length) throw new Error('usage: mc restore FILE [--force]');
  const file = resolve(positional[0]);
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  await withDatabase(config, 'restore', async (database) => {
    await restore({ database, databaseUrl: config.databaseUrl }, file, { force, progress: say });
    say(`Restored ${file}. Start Mission Control to apply any newer migrations.`);
  });
}
