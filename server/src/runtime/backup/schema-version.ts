import { loadMigrations } from '../../db/migrations';
import { VERSION } from '../version';

/** A migration as recorded in a backup: its tag and the build that applied it. */
export interface RecordedMigration {
  tag: string;
  app_version: string | null;
}

/**
 * Checks that a backup's migrations are a prefix of this build's: then this build can restore it
 * (and later bring it up to date). Returns how many of this build's migrations the backup has.
 */
export function checkBackupSchema(recorded: RecordedMigration[], known = loadMigrations().map((m) => m.tag)): number {
  if (!recorded.length) throw new Error('the backup records no schema version (no applied migrations): not a Mission Control backup');
  const unknown = recorded.filter((m) => !known.includes(m.tag));
  if (unknown.length) {
    const by = unknown.map((m) => m.app_version).filter(Boolean).at(-1);
    throw new Error(
      `the backup's schema is newer than this build: made by ${by ? `Mission Control ${by}` : 'a newer Mission Control'} ` +
        `with migration${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => m.tag).join(', ')}, but this is Mission Control ${VERSION}: ` +
        `restore it with ${by ? `version ${by}` : 'that version'} or later`,
    );
  }
  const tags = new Set(recorded.map((m) => m.tag));
  if (known.slice(0, tags.size).some((tag) => !tags.has(tag))) {
    throw new Error(`the backup's migrations (${[...tags].join(', ')}) are not a prefix of this build's (${known.join(', ')})`);
  }
  return tags.size;
}
