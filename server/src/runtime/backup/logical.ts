import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import type { Database, RawConnection } from '../../db/client';
import { loadMigrations, migrate } from '../../db/migrations';
import { VERSION } from '../version';
import { checkBackupSchema, type RecordedMigration } from './schema-version';
import { assertRestorable, dropPublicTables, ident, MIGRATIONS_TABLE, publicTables } from './tables';

// A logical backup: gzip of JSON lines. The first line is the header (format, the build and the
// migrations that made the schema), then batches of rows per table, each row as PostgreSQL's own
// row_to_json (exact for every column type we use), then a trailer with the row count per table.
// It restores into either database kind, so it also moves an embedded install to PostgreSQL.

export const LOGICAL_FORMAT = 'mission-control-backup';
const FORMAT_VERSION = 1;
const BATCH = 500;

export interface BackupHeader {
  format: typeof LOGICAL_FORMAT;
  format_version: number;
  app_version: string;
  database: 'pglite' | 'postgres';
  created_at: string;
  migrations: RecordedMigration[];
}

export interface DumpResult {
  tables: Record<string, number>;
  migrations: RecordedMigration[];
}

async function writeLine(out: NodeJS.WritableStream, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain');
}

/**
 * Writes a consistent logical dump (one snapshot: Database.snapshot) of every table of the public
 * schema to `file`, rows read through a cursor in batches. On PGlite other queries wait meanwhile.
 */
export async function dumpLogical(database: Database, file: string, progress: (line: string) => void): Promise<DumpResult> {
  const gzip = createGzip();
  const sink = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(sink);
  const finished = once(sink, 'close');
  finished.catch(() => undefined); // a write error surfaces through the dump itself
  try {
    const result = await database.snapshot(async (conn) => {
      const migrations = await conn.query<RecordedMigration>(
        `SELECT tag, to_jsonb(m) ->> 'app_version' AS app_version FROM ${MIGRATIONS_TABLE} m ORDER BY applied_at, tag`,
      );
      const header: BackupHeader = {
        format: LOGICAL_FORMAT,
        format_version: FORMAT_VERSION,
        app_version: VERSION,
        database: database.kind,
        created_at: new Date().toISOString(),
        migrations,
      };
      await writeLine(gzip, JSON.stringify(header));
      const tables: Record<string, number> = {};
      const names = await publicTables(conn);
      for (const [i, table] of names.entries()) {
        tables[table] = await dumpTable(conn, gzip, table);
        progress(`  [${i + 1}/${names.length}] ${table}: ${tables[table]} rows`);
      }
      await writeLine(gzip, JSON.stringify({ end: true, tables }));
      return { tables, migrations };
    });
    gzip.end();
    await finished;
    return result;
  } catch (error) {
    gzip.destroy();
    sink.destroy();
    throw error;
  }
}

async function dumpTable(conn: RawConnection, out: NodeJS.WritableStream, table: string): Promise<number> {
  await conn.exec(`DECLARE mc_backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${ident(table)} t`);
  let count = 0;
  for (;;) {
    const rows = await conn.query<{ j: string }>(`FETCH ${BATCH} FROM mc_backup_rows`);
    if (!rows.length) break;
    count += rows.length;
    await writeLine(out, `{"table":${JSON.stringify(table)},"rows":[${rows.map((r) => r.j).join(',')}]}`);
  }
  await conn.exec('CLOSE mc_backup_rows');
  return count;
}

type Line = { table: string; rows: unknown[] } | { end: true; tables: Record<string, number> };

async function* readLines(file: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield line;
}

/** Reads the header of a logical backup (throws when the file is not one). */
export async function readLogicalHeader(file: string): Promise<BackupHeader> {
  for await (const line of readLines(file)) {
    const header = JSON.parse(line) as BackupHeader;
    if (header.format !== LOGICAL_FORMAT) break;
    if (header.format_version > FORMAT_VERSION) {
      throw new Error(`the backup has format version ${header.format_version}, newer than this build reads (${FORMAT_VERSION})`);
    }
    return header;
  }
  throw new Error('not a Mission Control backup file');
}

async function identityColumns(conn: RawConnection, table: string): Promise<string[]> {
  const rows = await conn.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_identity = 'YES'`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

/**
 * Restores a logical backup: refuses a non-empty database unless forced and a schema this build
 * does not know; then drops every table, recreates the schema at the backup's migrations, loads
 * every row (foreign keys checked by the data's origin, so triggers are off while loading), moves
 * identity sequences past the restored values and verifies the row counts, in one transaction.
 */
export async function restoreLogical(
  database: Database,
  file: string,
  options: { force: boolean; progress: (line: string) => void },
): Promise<{ tables: Record<string, number> }> {
  const header = await readLogicalHeader(file);
  const migrationCount = checkBackupSchema(header.migrations);
  await database.session((conn) => assertRestorable(conn, options.force));
  await database.session((conn) => dropPublicTables(conn));
  await migrate(database, () => undefined, loadMigrations().slice(0, migrationCount));
  const restored: Record<string, number> = {};
  await database.session(async (conn) => {
    await conn.exec('BEGIN');
    try {
      await conn.exec(`SET LOCAL session_replication_role = replica; DELETE FROM ${MIGRATIONS_TABLE}`);
      const identities = new Map<string, string[]>();
      let trailer: Record<string, number> | null = null;
      let first = true;
      for await (const text of readLines(file)) {
        if (first) {
          first = false;
          continue;
        }
        const line = JSON.parse(text) as Line;
        if ('end' in line) {
          trailer = line.tables;
          continue;
        }
        if (!identities.has(line.table)) identities.set(line.table, await identityColumns(conn, line.table));
        const overriding = identities.get(line.table)!.length ? ' OVERRIDING SYSTEM VALUE' : '';
        await conn.query(
          `INSERT INTO ${ident(line.table)}${overriding} SELECT * FROM json_populate_recordset(NULL::${ident(line.table)}, $1::json)`,
          [JSON.stringify(line.rows)],
        );
        restored[line.table] = (restored[line.table] ?? 0) + line.rows.length;
      }
      if (!trailer) throw new Error('the backup file is truncated (no end record)');
      for (const [table, count] of Object.entries(trailer)) {
        if ((restored[table] ?? 0) !== count) throw new Error(`table ${table}: ${restored[table] ?? 0} rows read, the backup recorded ${count}`);
        restored[table] = count;
      }
      for (const [table, columns] of identities) {
        for (const column of columns) {
          await conn.query(
            `SELECT setval(pg_get_serial_sequence($1, $2), m) FROM (SELECT max(${ident(column)}) AS m FROM ${ident(table)}) s WHERE m IS NOT NULL`,
            [ident(table), column],
          );
        }
      }
      await conn.exec('COMMIT');
    } catch (error) {
      await conn.exec('ROLLBACK');
      throw error;
    }
  });
  for (const [table, count] of Object.entries(restored)) options.progress(`  ${table}: ${count} rows`);
  return { tables: restored };
}
