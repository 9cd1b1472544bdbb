import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backup, backupKind, restore } from '../../src/runtime/backup';
import { dumpLogical } from '../../src/runtime/backup/logical';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedVariedData, tableContents } from '../support/seed';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const dir = mkdtempSync(join(tmpdir(), 'mc-backup-'));
const quiet = () => undefined;
let source: TestDatabase;
let original: Record<string, string[]>;
const cleanup: TestDatabase[] = [];

beforeAll(async () => {
  source = await createTestDatabase();
  cleanup.push(source);
  await seedVariedData(source.database);
  original = await tableContents(source.database);
});
afterAll(async () => {
  for (const db of cleanup) await db.drop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const target = (db: TestDatabase) => ({ database: db.database, databaseUrl: db.url });

async function wipe(db: TestDatabase) {
  const tables = await db.database.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
  await db.database.exec(`DROP TABLE ${tables.map((t) => `"${t.name}"`).join(', ')} CASCADE`);
}

describe('restore drill', () => {
  it('backs up, wipes, restores and every table compares exactly', async () => {
    expect(Object.keys(original).length).toBeGreaterThan(25);
    expect(original.tag_assignments).toHaveLength(2);
    const file = join(dir, 'drill.dump');
    const lines: string[] = [];
    const made = await backup(target(source), file, (l) => lines.push(l));
    expect(made.kind).toBe(source.url ? 'pg_dump' : 'logical');
    expect(backupKind(file)).toBe(made.kind);
    expect(made.bytes).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^Backing up/);

    await expect(restore(target(source), file, { force: false, progress: quiet })).rejects.toThrow(/not empty.*--force/);

    await wipe(source);
    expect(await tableContents(source.database)).toEqual({});
    await restore(target(source), file, { force: false, progress: quiet });
    expect(await tableContents(source.database)).toEqual(original);

    // Identity sequences continue after the restored values.
    await source.database.exec(
      `INSERT INTO tags (id, organization_id, name, slug) VALUES ('00000000-0000-4000-8000-000000000010', '00000000-0000-4000-8000-000000000001', 'later', 'later');
       INSERT INTO tag_assignments (task_id, tag_id) VALUES ('00000000-0000-4000-8000-000000000006', '00000000-0000-4000-8000-000000000010')`,
    );
    const seqs = await source.database.query<{ seq: string }>('SELECT seq FROM tag_assignments ORDER BY seq');
    expect(seqs.map((r) => Number(r.seq))).toEqual([1, 2, 3]);

    // --force replaces whatever the database holds now.
    await source.database.exec(`INSERT INTO organizations (name) VALUES ('created after the backup')`);
    await restore(target(source), file, { force: true, progress: quiet });
    expect(await tableContents(source.database)).toEqual(original);
  });

  it('a logical dump restores into a fresh database of either kind', async () => {
    const file = join(dir, 'logical.dump');
    await dumpLogical(source.database, file, quiet);
    expect(backupKind(file)).toBe('logical');
    for (const kind of ['pglite', 'postgres'] as const) {
      const fresh = await createTestDatabase(kind);
      cleanup.push(fresh);
      await restore(target(fresh), file, { force: false, progress: quiet });
      expect(await tableContents(fresh.database)).toEqual(original);
    }
  });

  it('refuses a backup from a newer schema, naming both versions', async () => {
    const file = join(dir, 'newer.dump');
    if (source.url) {
      await source.database.exec(`INSERT INTO mc_schema_migrations (tag, checksum, app_version) VALUES ('9999_future', 'x', '42.0.0')`);
      try {
        await backup(target(source), file, quiet);
      } finally {
        await source.database.exec(`DELETE FROM mc_schema_migrations WHERE tag = '9999_future'`);
      }
    } else {
      await dumpLogical(source.database, join(dir, 'plain.dump'), quiet);
      const [header, ...rest] = gunzipSync(readFileSync(join(dir, 'plain.dump'))).toString('utf8').split('\n');
      const parsed = JSON.parse(header);
      parsed.migrations.push({ tag: '9999_future', app_version: '42.0.0' });
      writeFileSync(file, gzipSync([JSON.stringify(parsed), ...rest].join('\n')));
    }
    const fresh = await createTestDatabase();
    cleanup.push(fresh);
    const before = await tableContents(fresh.database);
    await expect(restore(target(fresh), file, { force: true, progress: quiet })).rejects.toThrow(
      /newer than this build: made by Mission Control 42\.0\.0 with migration 9999_future, but this is Mission Control 0\.1\.0/,
    );
    expect(await tableContents(fresh.database)).toEqual(before);
  });

  it('refuses a file that is not a backup', async () => {
    const file = join(dir, 'junk.dump');
    writeFileSync(file, 'hello');
    await expect(restore(target(source), file, { force: true, progress: quiet })).rejects.toThrow(/not a Mission Control backup/);
  });
});
