import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * `column = any($1::uuid[])`: one array parameter however many ids, so bulk loads stay a single
 * statement with a constant text (no 65,535-parameter limit, one prepared plan).
 */
export function anyOf(column: AnyPgColumn | SQL, ids: readonly string[]): SQL {
  return sql`${column} = any(${sql.param([...ids])}::uuid[])`;
}
