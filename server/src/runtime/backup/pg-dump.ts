import { spawn } from 'node:child_process';
import type { Database } from '../../db/client';
import { checkBackupSchema, type RecordedMigration } from './schema-version';
import { assertRestorable, dropPublicTables, MIGRATIONS_TABLE } from './tables';

// PostgreSQL backups are pg_dump custom-format archives: restorable with plain pg_restore too.
// The schema version is the archive's own copy of mc_schema_migrations.

/** libpq environment for a postgres:// URL, so the password never shows in the process list. */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {};
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ''));
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const db = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (db) env.PGDATABASE = db;
  const params: Record<string, string> = {
    sslmode: 'PGSSLMODE',
    sslrootcert: 'PGSSLROOTCERT',
    sslcert: 'PGSSLCERT',
    sslkey: 'PGSSLKEY',
    host: 'PGHOST',
    application_name: 'PGAPPNAME',
  };
  for (const [key, value] of u.searchParams) if (params[key]) env[params[key]] = value;
  return env;
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error(`${command} was not found on PATH: install the PostgreSQL client tools matching your server`) : error),
    );
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${command} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** Major version of a PostgreSQL client tool (`pg_dump (PostgreSQL) 15.20` → 15). */
export async function toolMajor(tool: 'pg_dump' | 'pg_restore'): Promise<{ major: number; text: string }> {
  const { stdout } = await run(tool, ['--version']);
  const match = /(\d+)(?:\.(\d+))?/.exec(stdout);
  if (!match) throw new Error(`cannot read the version of ${tool} from '${stdout.trim()}'`);
  return { major: Number(match[1]), text: stdout.trim() };
}

export async function serverMajor(database: Database): Promise<number> {
  const rows = await database.query<{ v: string }>('SHOW server_version_num');
  return Math.floor(Number(rows[0].v) / 10000);
}

/** Dumps the database to `file` with pg_dump (custom format); the tool must not be older than the server. */
export async function pgDump(database: Database, url: string, file: string, progress: (line: string) => void): Promise<void> {
  const [tool, server] = await Promise.all([toolMajor('pg_dump'), serverMajor(database)]);
  if (tool.major < server) {
    throw new Error(`${tool.text} cannot dump a PostgreSQL ${server} server: put the PostgreSQL ${server} client tools first on PATH`);
  }
  progress(`  ${tool.text}, server PostgreSQL ${server}`);
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`], libpqEnv(url));
}

/** The migrations recorded in a pg_dump archive (its mc_schema_migrations data). */
export async function archiveMigrations(file: string): Promise<RecordedMigration[]> {
  const { stdout } = await run('pg_restore', ['--data-only', `--table=${MIGRATIONS_TABLE}`, '--file=-', file]);
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('COPY ') && l.includes(MIGRATIONS_TABLE));
  if (start < 0) return [];
  const columns = /\(([^)]*)\)/.exec(lines[start])?.[1].split(',').map((c) => c.trim().replace(/"/g, '')) ?? [];
  const tagAt = columns.indexOf('tag');
  const versionAt = columns.indexOf('app_version');
  const recorded: RecordedMigration[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '\\.') break;
    const fields = line.split('\t');
    const version = versionAt >= 0 ? fields[versionAt] : '\\N';
    recorded.push({ tag: fields[tagAt], app_version: version === '\\N' ? null : version });
  }
  return recorded;
}

/** Restores a pg_dump archive into an emptied database, all or nothing. */
export async function pgRestore(
  database: Database,
  url: string,
  file: string,
  options: { force: boolean; progress: (line: string) => void },
): Promise<void> {
  const tool = await toolMajor('pg_restore');
  checkBackupSchema(await archiveMigrations(file));
  await database.session((conn) => assertRestorable(conn, options.force));
  await database.session((conn) => dropPublicTables(conn));
  options.progress(`  ${tool.text}`);
  await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${libpqEnv(url).PGDATABASE ?? libpqEnv(url).PGUSER ?? 'postgres'}`, file], libpqEnv(url));
}
