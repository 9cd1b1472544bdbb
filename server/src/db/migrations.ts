import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../runtime/version';
import type { Database, RawConnection } from './client';

export interface Migration {
  tag: string;
  sql: string;
  checksum: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied in the database but unknown to this build: the schema is newer than the code. */
  unknown: string[];
  /** The Mission Control version that applied the newest unknown migration (null if not recorded). */
  newerVersion: string | null;
}

/** The database was migrated by a newer build: running this one could corrupt it. */
export class NewerSchemaError extends Error {
  constructor(
    readonly unknown: string[],
    readonly newerVersion: string | null,
  ) {
    const by = newerVersion ? `Mission Control ${newerVersion}` : 'a newer Mission Control';
    super(
      `the database was migrated by ${by} (migration${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} unknown to this build), ` +
        `but this is Mission Control ${VERSION}: run ${newerVersion ? `version ${newerVersion}` : 'the newer version'} or later, ` +
        `or restore a backup taken before the upgrade`,
    );
  }
}

/** Throws NewerSchemaError when the database holds migrations this build does not know. */
export function assertSchemaNotNewer(status: MigrationStatus): void {
  if (status.unknown.length) throw new NewerSchemaError(status.unknown, status.newerVersion);
}

const TABLE = 'mc_schema_migrations';
/** Any constant works; it only has to be the same for every Mission Control process. */
const LOCK_KEY = 7_246_001;

/** Finds server/migrations both from the sources (tests) and from the bundle (server/dist). */
export function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    for (const candidate of [join(dir, 'migrations'), join(dir, 'server', 'migrations')]) {
      if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error('migrations directory not found next to the server code');
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const sql = readFileSync(join(dir, `${tag}.sql`), 'utf8');
      return { tag, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

// app_version records which build applied each migration, so that an older build can name the
// newer one when it refuses to start. Added in place: the migrator owns this table.
async function ensureTable(conn: RawConnection): Promise<void> {
  await conn.exec(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (tag text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), app_version text);
     ALTER TABLE ${TABLE} ADD COLUMN IF NOT EXISTS app_version text`,
  );
}

interface AppliedRow {
  tag: string;
  app_version: string | null;
}

async function appliedRows(conn: RawConnection): Promise<AppliedRow[]> {
  // to_jsonb reads app_version whether or not an older build created the table without it.
  return conn.query<AppliedRow>(`SELECT tag, to_jsonb(m) ->> 'app_version' AS app_version FROM ${TABLE} m ORDER BY applied_at, tag`);
}

function compare(migrations: Migration[], rows: AppliedRow[]): MigrationStatus {
  const known = new Set(migrations.map((m) => m.tag));
  const applied = rows.map((r) => r.tag);
  const done = new Set(applied);
  const unknownRows = rows.filter((r) => !known.has(r.tag));
  return {
    applied: applied.filter((t) => known.has(t)),
    pending: migrations.filter((m) => !done.has(m.tag)).map((m) => m.tag),
    unknown: unknownRows.map((r) => r.tag),
    newerVersion: unknownRows.map((r) => r.app_version).filter((v): v is string => Boolean(v)).at(-1) ?? null,
  };
}

export async function migrationStatus(database: Database, migrations = loadMigrations()): Promise<MigrationStatus> {
  return database.session(async (conn) => {
    const exists = await conn.query<{ present: boolean }>(`SELECT to_regclass('${TABLE}') IS NOT NULL AS present`);
    return compare(migrations, exists[0]?.present ? await appliedRows(conn) : []);
  });
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that
 * several processes starting at once apply each migration exactly once. Refuses (NewerSchemaError,
 * nothing changed) when the database was migrated by a newer build.
 */
export async function migrate(
  database: Database,
  onApply: (tag: string) => void = () => undefined,
  migrations = loadMigrations(),
): Promise<MigrationStatus> {
  return database.session(async (conn) => {
    await conn.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await ensureTable(conn);
      const status = compare(migrations, await appliedRows(conn));
      assertSchemaNotNewer(status);
      for (const migration of migrations.filter((m) => status.pending.includes(m.tag))) {
        onApply(migration.tag);
        const statements = migration.sql.split('--> statement-breakpoint').join('\n');
        await conn.exec('BEGIN');
        try {
          await conn.exec(statements);
          await conn.query(`INSERT INTO ${TABLE} (tag, checksum, app_version) VALUES ($1, $2, $3)`, [migration.tag, migration.checksum, VERSION]);
          await conn.exec('COMMIT');
        } catch (error) {
          await conn.exec('ROLLBACK');
          throw new Error(`migration ${migration.tag} failed: ${(error as Error).message}`);
        }
      }
      return compare(migrations, await appliedRows(conn));
    } finally {
      await conn.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
}
