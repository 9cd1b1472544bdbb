import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Checks that the migrations folder is one straight line: journal entries numbered 0..n-1 with
 * increasing timestamps, tags prefixed with their number, every SQL file in the journal and every
 * journal entry with its SQL file, and drizzle snapshots chained id → prevId without a fork.
 * Returns the problems found (empty when the graph has exactly one head).
 */
export function migrationGraphProblems(dir: string): string[] {
  const problems: string[] = [];
  const journalPath = join(dir, 'meta', '_journal.json');
  if (!existsSync(journalPath)) return [`${journalPath} is missing`];
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries?: { idx: number; tag: string; when: number }[] };
  const entries = journal.entries ?? [];
  const tags = new Set<string>();
  entries.forEach((entry, position) => {
    if (entry.idx !== position) problems.push(`journal entry ${position} has idx ${entry.idx} (entries must be numbered 0, 1, 2, … in order)`);
    if (tags.has(entry.tag)) problems.push(`tag ${entry.tag} appears twice in the journal`);
    tags.add(entry.tag);
    const prefix = Number.parseInt(entry.tag.slice(0, 4), 10);
    if (prefix !== entry.idx) problems.push(`tag ${entry.tag} does not start with its number ${String(entry.idx).padStart(4, '0')}`);
    if (position > 0 && !(entry.when > entries[position - 1].when)) {
      problems.push(`journal entry ${entry.tag} is not newer than ${entries[position - 1].tag}`);
    }
    if (!existsSync(join(dir, `${entry.tag}.sql`))) problems.push(`journal entry ${entry.tag} has no ${entry.tag}.sql`);
  });
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
    if (!tags.has(file.slice(0, -4))) problems.push(`${file} is not in the journal (two branches added migrations?)`);
  }
  let previous = ROOT_ID;
  for (const entry of entries) {
    const snapshotPath = join(dir, 'meta', `${entry.tag.slice(0, 4)}_snapshot.json`);
    if (!existsSync(snapshotPath)) {
      problems.push(`snapshot for ${entry.tag} is missing`);
      continue;
    }
    const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as { id: string; prevId: string };
    if (snapshot.prevId !== previous) problems.push(`snapshot of ${entry.tag} follows ${snapshot.prevId}, not ${previous}: the migration graph forks`);
    previous = snapshot.id;
  }
  const snapshots = readdirSync(join(dir, 'meta')).filter((f) => f.endsWith('_snapshot.json'));
  if (snapshots.length !== entries.length) problems.push(`${snapshots.length} snapshots for ${entries.length} journal entries`);
  return problems;
}
