import { describe, expect, it } from 'vitest';
import { escapeLabel, family } from '../../src/http/metrics';
import { defaultBackupName, humanSize } from '../../src/runtime/backup';
import { libpqEnv } from '../../src/runtime/backup/pg-dump';
import { checkBackupSchema } from '../../src/runtime/backup/schema-version';

const known = ['0000_initial', '0001_two', '0002_three'];
const rec = (...tags: string[]) => tags.map((tag) => ({ tag, app_version: '0.1.0' }));

describe('backup schema check', () => {
  it('accepts the same or an older schema and says how many migrations it has', () => {
    expect(checkBackupSchema(rec('0000_initial', '0001_two', '0002_three'), known)).toBe(3);
    expect(checkBackupSchema(rec('0001_two', '0000_initial'), known)).toBe(2);
  });

  it('refuses a newer schema naming the version that made it', () => {
    expect(() => checkBackupSchema([...rec('0000_initial'), { tag: '0009_x', app_version: '2.0.0' }], known)).toThrow(
      /newer than this build: made by Mission Control 2\.0\.0 with migration 0009_x, but this is Mission Control/,
    );
  });

  it('refuses gaps and files without a schema version', () => {
    expect(() => checkBackupSchema(rec('0000_initial', '0002_three'), known)).toThrow(/not a prefix/);
    expect(() => checkBackupSchema([], known)).toThrow(/no schema version/);
  });
});

describe('pg_dump connection', () => {
  it('passes the URL through libpq variables so the password is not on the command line', () => {
    expect(libpqEnv('postgres://mc%40ops:p%2Fss@db.example:6543/mission_control?sslmode=require')).toEqual({
      PGHOST: 'db.example',
      PGPORT: '6543',
      PGUSER: 'mc@ops',
      PGPASSWORD: 'p/ss',
      PGDATABASE: 'mission_control',
      PGSSLMODE: 'require',
    });
    expect(libpqEnv('postgresql:///mc?host=/var/run/postgresql')).toEqual({ PGHOST: '/var/run/postgresql', PGDATABASE: 'mc' });
  });
});

describe('small helpers', () => {
  it('names backups by UTC time and prints sizes for people', () => {
    expect(defaultBackupName(new Date('2026-12-04T08:09:10.123Z'))).toBe('mission-control-20261204T080910Z.dump');
    expect(humanSize(512)).toBe('512 B');
    expect(humanSize(2.5 * 1024 * 1024)).toBe('2.5 MiB');
  });

  it('escapes Prometheus label values', () => {
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    expect(family('m', 'gauge', 'help', [[{ k: 'v"' }, 1]])).toBe('# HELP m help\n# TYPE m gauge\nm{k="v\\""} 1\n');
  });
});
