// Shared plumbing of the operator commands (`gateways`, `agents`, `templates`): the configured
// database opened directly (like `token` and `backup`), the services gateway work needs, option
// parsing with clear errors, and output as a table or as JSON (`--json`).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Writable } from 'node:stream';
import type { Config } from '../config';
import { openDatabase } from '../db/client';
import { migrationStatus } from '../db/migrations';
import { organizations } from '../db/schema';
import { registerJobHandlers } from '../jobs/handlers';
import { ensureDataDir, ensureSecretFile, newSecretsKey, SECRETS_KEY_FILE } from '../runtime/data-dir';
import { lockDataDir } from '../runtime/data-dir-lock';
import { createLogger } from '../runtime/logger';
import { closeServices, createServices, type Services } from '../services';

/** An operator mistake: printed as is, exit status 1, no stack trace. */
export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options: { ...options, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: ${usage}`);
  }
}

/** Runs `fn` with services over the configured database; the embedded database is locked meanwhile. */
export async function withServices<T>(config: Config, command: string, fn: (services: Services) => Promise<T>): Promise<T> {
  ensureDataDir(config.dataDir);
  const secretsKey = config.secretsKey ?? ensureSecretFile(config.dataDir, SECRETS_KEY_FILE, newSecretsKey).value;
  let release: () => void = () => undefined;
  if (!config.databaseUrl) {
    try {
      release = lockDataDir(config.dataDir, command);
    } catch (error) {
      throw new UsageError(`${(error as Error).message}, or use the HTTP API (or set DATABASE_URL to a PostgreSQL database shared with it)`);
    }
  }
  try {
    const database = await openDatabase(config);
    try {
      const status = await migrationStatus(database);
      if (status.pending.length) throw new UsageError(`the database needs migrations (${status.pending.join(', ')}): run \`npm run mc -- migrate\` first`);
      // Logs go to stderr (warnings and errors only) so stdout stays a table or JSON.
      const logger = createLogger({ log: { ...config.log, level: 'warn' } }, process.stderr as unknown as Writable);
      const services = createServices({ ...config, secretsKey }, database, logger);
      services.state.migrated = true;
      registerJobHandlers(services);
      try {
        return await fn(services);
      } finally {
        await closeServices(services);
      }
    } finally {
      await database.close();
    }
  } finally {
    release();
  }
}

/** The organization a command acts in: `--org`, else the only one there is. */
export async function organizationOf(services: Services, given: string | undefined): Promise<string> {
  const all = await services.db.select({ id: organizations.id, name: organizations.name }).from(organizations);
  if (given) {
    if (!all.some((o) => o.id === given)) throw new UsageError(`no organization with id ${given} (known: ${all.map((o) => `${o.id} ${o.name}`).join(', ') || 'none'})`);
    return given;
  }
  if (all.length === 1) return all[0].id;
  if (!all.length) throw new UsageError('there is no organization yet: sign in to Mission Control once (it creates yours), then run this again');
  throw new UsageError(`there are ${all.length} organizations: pass --org <id> (${all.map((o) => `${o.id} ${o.name}`).join(', ')})`);
}

export type Row = Record<string, string | number | boolean | null | undefined>;

/** Prints rows as an aligned table (or JSON with --json). */
export function output(rows: Row[], columns: string[], json: boolean | undefined, empty = '(none)'): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (!rows.length) {
    process.stdout.write(`${empty}\n`);
    return;
  }
  const cell = (v: unknown) => (v === null || v === undefined || v === '' ? '-' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write(`${line(columns.map((c) => c.toUpperCase()))}\n${rows.map((r) => line(columns.map((c) => cell(r[c])))).join('\n')}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
