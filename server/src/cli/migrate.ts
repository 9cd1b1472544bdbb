import type { Config } from '../config';
import { openDatabase } from '../db/client';
import { migrate, migrationStatus } from '../db/migrations';
import { ensureDataDir } from '../runtime/data-dir';
import { lockDataDir } from '../runtime/data-dir-lock';
import { VERSION } from '../runtime/version';

export async function runMigrateCommand(config: Config, args: string[]): Promise<void> {
  ensureDataDir(config.dataDir);
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir, 'migrate');
  const database = await openDatabase(config).catch((error) => {
    release();
    throw error;
  });
  try {
    if (args.includes('--status') || args.includes('--check')) {
      const status = await migrationStatus(database);
      for (const tag of status.applied) process.stdout.write(`applied  ${tag}\n`);
      for (const tag of status.pending) process.stdout.write(`pending  ${tag}\n`);
      const by = status.newerVersion ? `Mission Control ${status.newerVersion}` : 'a newer build';
      for (const tag of status.unknown) process.stdout.write(`unknown  ${tag} (applied by ${by}; this is ${VERSION})\n`);
      if (args.includes('--check') && (status.pending.length || status.unknown.length)) process.exitCode = 1;
      return;
    }
    const status = await migrate(database, (tag) => process.stdout.write(`applying ${tag}\n`));
    process.stdout.write(`database is up to date (${status.applied.length} migrations applied)\n`);
  } finally {
    await database.close();
    release();
  }
}
