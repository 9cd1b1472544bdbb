import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { join } from 'node:path';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = ReturnType<typeof drizzlePglite<Schema>> | ReturnType<typeof drizzlePg<Schema>>;
/** A transaction handle; the same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Queryable = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs raw SQL text (several statements allowed) outside the ORM: migrations and checks. */
  exec(sql: string): Promise<void>;
  /** Runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs fn on one dedicated connection (needed for transactions spanning raw statements). */
  session<T>(fn: (conn: RawConnection) => Promise<T>): Promise<T>;
  /**
   * Runs fn inside one read-only transaction that sees a single consistent snapshot (backups).
   * PostgreSQL: REPEATABLE READ, others keep working. PGlite: other queries wait until it ends.
   */
  snapshot<T>(fn: (conn: RawConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface RawConnection {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** Parses JSON and timestamptz the same way on both drivers. */
pg.types.setTypeParser(1184, (value: string) => new Date(value));

export async function openPglite(dir: string | null): Promise<Database> {
  const client = dir ? await PGlite.create(join(dir)) : await PGlite.create();
  const db = drizzlePglite(client, { schema });
  return {
    kind: 'pglite',
    db,
    exec: async (sql) => {
      await client.exec(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
    session: (fn) =>
      fn({
        exec: async (sql) => {
          await client.exec(sql);
        },
        query: async <T>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
      }),
    snapshot: (fn) =>
      client.transaction((tx) =>
        fn({
          exec: async (sql) => {
            await tx.exec(sql);
          },
          query: async <T>(sql: string, params: unknown[] = []) => (await tx.query<T>(sql, params)).rows,
        }),
      ),
    close: () => client.close(),
  };
}

export async function openPostgres(url: string, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined); // an idle client dropped by the server; the pool replaces it
  const db = drizzlePg(pool, { schema });
  return {
    kind: 'postgres',
    db,
    exec: async (sql) => {
      await pool.query(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[],
    session: async (fn) => {
      const conn = await pool.connect();
      try {
        return await fn({
          exec: async (sql) => {
            await conn.query(sql);
          },
          query: async <T>(sql: string, params: unknown[] = []) => (await conn.query(sql, params)).rows as T[],
        });
      } finally {
        conn.release();
      }
    },
    snapshot: async (fn) => {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        try {
          return await fn({
            exec: async (sql) => {
              await conn.query(sql);
            },
            query: async <T>(sql: string, params: unknown[] = []) => (await conn.query(sql, params)).rows as T[],
          });
        } finally {
          await conn.query('COMMIT');
        }
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Opens the configured database: PostgreSQL when a URL is set, else PGlite in the data dir. */
export function openDatabase(options: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(join(options.dataDir, 'pglite'));
}
