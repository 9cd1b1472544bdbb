import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

async function ensureTable(conn: RawConnection): Promise<void> {
  await conn.exec(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (tag text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
}

async function appliedTags(conn: RawConnection): Promise<string[]> {
  const rows = await conn.query<{ tag: string }>(`SELECT tag FROM ${TABLE} ORDER BY applied_at, tag`);
  return rows.map((r) => r.tag);
}

function compare(migrations: Migration[], applied: string[]): MigrationStatus {
  const known = new Set(migrations.map((m) => m.tag));
  const done = new Set(applied);
  return {
    applied: applied.filter((t) => known.has(t)),
    pending: migrations.filter((m) => !done.has(m.tag)).map((m) => m.tag),
    unknown: applied.filter((t) => !known.has(t)),
  };
}

export async function migrationStatus(database: Database, migrations = loadMigrations()): Promise<MigrationStatus> {
  return database.session(async (conn) => {
    const exists = await conn.query<{ present: boolean }>(`SELECT to_regclass('${TABLE}') IS NOT NULL AS present`);
    return compare(migrations, exists[0]?.present ? await appliedTags(conn) : []);
  });
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that
 * several processes starting at once apply each migration exactly once.
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
      const status = compare(migrations, await appliedTags(conn));
      for (const migration of migrations.filter((m) => status.pending.includes(m.tag))) {
        onApply(migration.tag);
        const statements = migration.sql.split('--> statement-breakpoint').join('\n');
        await conn.exec('BEGIN');
        try {
          await conn.exec(statements);
          await conn.query(`INSERT INTO ${TABLE} (tag, checksum) VALUES ($1, $2)`, [migration.tag, migration.checksum]);
          await conn.exec('COMMIT');
        } catch (error) {
          await conn.exec('ROLLBACK');
          throw new Error(`migration ${migration.tag} failed: ${(error as Error).message}`);
        }
      }
      return compare(migrations, await appliedTags(conn));
    } finally {
      await conn.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
}
