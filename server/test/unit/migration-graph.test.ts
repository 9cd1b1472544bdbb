import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationGraphProblems } from '../../src/db/migration-graph';
import { VERSION } from '../../src/runtime/version';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const committed = join(root, 'server/migrations');
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the committed migrations folder to break on purpose. */
function copy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'mc-graph-')), 'migrations');
  scratch.push(dirname(dir));
  cpSync(committed, dir, { recursive: true });
  return dir;
}

const journalOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'meta/_journal.json'), 'utf8'));
const writeJournal = (dir: string, journal: unknown) => writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify(journal));

/** Adds migration `idx` as drizzle-kit would, its snapshot following `prevId`. */
function addMigration(dir: string, idx: number, tag: string, prevId: string, id: string, when: number) {
  const journal = journalOf(dir);
  journal.entries.push({ idx, version: '7', when, tag, breakpoints: true });
  writeJournal(dir, journal);
  writeFileSync(join(dir, `${tag}.sql`), 'SELECT 1;');
  writeFileSync(join(dir, `meta/${tag.slice(0, 4)}_snapshot.json`), JSON.stringify({ id, prevId }));
}

const headId = (dir: string) => {
  const last = journalOf(dir).entries.at(-1).tag.slice(0, 4);
  return JSON.parse(readFileSync(join(dir, `meta/${last}_snapshot.json`), 'utf8')).id as string;
};

describe('migration graph', () => {
  it('the committed migrations form one line with one head', () => {
    expect(migrationGraphProblems(committed)).toEqual([]);
  });

  it('accepts a migration added on top of the head', () => {
    const dir = copy();
    const n = journalOf(dir).entries.length;
    addMigration(dir, n, `${String(n).padStart(4, '0')}_next`, headId(dir), 'next-id', Date.now() + 1000);
    expect(migrationGraphProblems(dir)).toEqual([]);
  });

  it('finds an SQL file missing from the journal (two branches both added one)', () => {
    const dir = copy();
    writeFileSync(join(dir, '0001_other_branch.sql'), 'SELECT 1;');
    expect(migrationGraphProblems(dir)).toContain('0001_other_branch.sql is not in the journal (two branches added migrations?)');
  });

  it('finds a fork: a snapshot that does not follow the previous head', () => {
    const dir = copy();
    const n = journalOf(dir).entries.length;
    addMigration(dir, n, `${String(n).padStart(4, '0')}_forked`, 'some-other-parent', 'forked-id', Date.now() + 1000);
    expect(migrationGraphProblems(dir).join('\n')).toMatch(/forks/);
  });

  it('finds renumbered, duplicated or out-of-order entries and missing files', () => {
    const dir = copy();
    const journal = journalOf(dir);
    const first = journal.entries[0];
    journal.entries.push({ ...first, idx: 5 }, { ...first, idx: 2, tag: '0002_gone', when: 1 });
    writeJournal(dir, journal);
    const problems = migrationGraphProblems(dir).join('\n');
    expect(problems).toMatch(/has idx 5/);
    expect(problems).toMatch(/appears twice/);
    expect(problems).toMatch(/0002_gone is not newer/);
    expect(problems).toMatch(/0002_gone has no 0002_gone\.sql/);
  });
});

describe('version', () => {
  it('matches the package version', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });
});
