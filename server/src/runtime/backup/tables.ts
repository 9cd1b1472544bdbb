import type { RawConnection } from '../../db/client';

export const MIGRATIONS_TABLE = 'mc_schema_migrations';

/** Quotes an identifier for SQL text. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every table of the public schema, by name. */
export async function publicTables(conn: RawConnection): Promise<string[]> {
  const rows = await conn.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  return rows.map((r) => r.name);
}

/** Tables (other than the migrations record) that hold at least one row. */
export async function tablesWithData(conn: RawConnection): Promise<string[]> {
  const found: string[] = [];
  for (const table of await publicTables(conn)) {
    if (table === MIGRATIONS_TABLE) continue;
    const rows = await conn.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${ident(table)}) AS any`);
    if (rows[0]?.any) found.push(table);
  }
  return found;
}

/** Drops every table of the public schema (ours: the database is Mission Control's alone). */
export async function dropPublicTables(conn: RawConnection): Promise<void> {
  const tables = await publicTables(conn);
  if (tables.length) await conn.exec(`DROP TABLE IF EXISTS ${tables.map(ident).join(', ')} CASCADE`);
}

/** Refuses to overwrite data unless forced; returns the tables that will be overwritten. */
export async function assertRestorable(conn: RawConnection, force: boolean): Promise<string[]> {
  const filled = await tablesWithData(conn);
  if (filled.length && !force) {
    throw new Error(
      `the database is not empty (${filled.length} table${filled.length > 1 ? 's' : ''} with data, e.g. ${filled.slice(0, 3).join(', ')}): ` +
        'restore replaces everything in it; run again with --force to do so',
    );
  }
  return filled;
}
