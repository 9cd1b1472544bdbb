import { closeSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import type { Database } from '../../db/client';
import { dumpLogical, restoreLogical } from './logical';
import { pgDump, pgRestore } from './pg-dump';

export type BackupKind = 'pg_dump' | 'logical';

/** What a backup file is, from its first bytes: a pg_dump archive or our gzip JSON-lines dump. */
export function backupKind(file: string): BackupKind | null {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    const n = readSync(fd, head, 0, 5, 0);
    if (n >= 5 && head.toString('latin1') === 'PGDMP') return 'pg_dump';
    if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'logical';
    return null;
  } finally {
    closeSync(fd);
  }
}

export const defaultBackupName = (now = new Date()) =>
  `mission-control-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.dump`;

export function humanSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit ? value.toFixed(1) : value} ${units[unit]}`;
}

export interface BackupTarget {
  database: Database;
  /** Set for PostgreSQL: pg_dump/pg_restore connect with it. */
  databaseUrl: string | null;
}

/**
 * Writes a backup to `file` (atomically: a partial file is never left under the final name).
 * PostgreSQL → pg_dump custom format; the embedded database → a consistent logical dump.
 */
export async function backup(target: BackupTarget, file: string, progress: (line: string) => void): Promise<{ kind: BackupKind; bytes: number }> {
  const partial = `${file}.partial`;
  try {
    let kind: BackupKind;
    if (target.databaseUrl) {
      kind = 'pg_dump';
      progress(`Backing up the PostgreSQL database with pg_dump to ${file} …`);
      await pgDump(target.database, target.databaseUrl, partial, progress);
    } else {
      kind = 'logical';
      progress(`Backing up the embedded database to ${file} …`);
      await dumpLogical(target.database, partial, progress);
    }
    renameSync(partial, file);
    return { kind, bytes: statSync(file).size };
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Restores `file` into the target database. A pg_dump archive needs PostgreSQL; a logical dump
 * restores into either kind. Refuses a non-empty database unless `force`, and a backup whose
 * schema is newer than this build.
 */
export async function restore(
  target: BackupTarget,
  file: string,
  options: { force: boolean; progress: (line: string) => void },
): Promise<{ kind: BackupKind }> {
  const kind = backupKind(file);
  if (!kind) throw new Error(`${file} is not a Mission Control backup (neither a pg_dump archive nor a logical dump)`);
  if (kind === 'pg_dump') {
    if (!target.databaseUrl) {
      throw new Error(`${file} is a PostgreSQL (pg_dump) backup: restore it with DATABASE_URL set to a PostgreSQL database`);
    }
    options.progress(`Restoring the pg_dump archive ${file} …`);
    await pgRestore(target.database, target.databaseUrl, file, options);
  } else {
    options.progress(`Restoring the logical backup ${file} …`);
    await restoreLogical(target.database, file, options);
  }
  return { kind };
}
