import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The committed migrations must describe the schema exactly: running drizzle-kit generate
// against a copy of server/migrations must find nothing to do.

const run = promisify(execFile);
const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemaFile = join(serverDir, 'src/db/schema/index.ts');
const drizzleKit = join(serverDir, '../node_modules/drizzle-kit/bin.cjs');
const scratch: string[] = [];

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

interface Generated {
  /** New .sql files drizzle-kit wrote. */
  files: string[];
  output: string;
}

/** Runs drizzle-kit generate into a scratch migrations folder. */
async function generateInto(seed: 'committed' | 'empty'): Promise<Generated> {
  const dir = mkdtempSync(join(tmpdir(), 'mc-schema-'));
  scratch.push(dir);
  const out = join(dir, 'migrations');
  if (seed === 'committed') cpSync(join(serverDir, 'migrations'), out, { recursive: true });
  const before = sqlFiles(out);
  // drizzle-kit prefixes `out` with "./", so it must be relative to the working directory.
  const config = join(dir, 'drizzle.config.json');
  writeFileSync(config, JSON.stringify({ dialect: 'postgresql', schema: schemaFile, out: './migrations' }));
  // drizzle-kit exits 0 even when it fails, so callers assert on its output as well.
  const { stdout, stderr } = await run(
    process.execPath,
    [drizzleKit, 'generate', '--config', config, '--name', 'check'],
    { cwd: dir, timeout: 120_000 },
  );
  return { files: sqlFiles(out).filter((f) => !before.includes(f)), output: stdout + stderr };
}

function sqlFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.sql'));
  } catch {
    return [];
  }
}

describe('database schema vs committed migrations', () => {
  it('has no changes missing from server/migrations', async () => {
    const result = await generateInto('committed');
    expect(result.output).toContain('No schema changes, nothing to migrate');
    expect(result.files).toEqual([]);
  }, 120_000);

  it('detects missing migrations (the check above can fail)', async () => {
    const result = await generateInto('empty');
    expect(result.files).toEqual(['0000_check.sql']);
    expect(result.output).not.toContain('No schema changes');
  }, 120_000);

  it('uses no identifier longer than PostgreSQL keeps (63 bytes)', () => {
    const sql = sqlFiles(join(serverDir, 'migrations'))
      .map((f) => readFileSync(join(serverDir, 'migrations', f), 'utf8'))
      .join('\n');
    const identifiers = [...sql.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(identifiers.length).toBeGreaterThan(100);
    expect(identifiers.filter((name) => Buffer.byteLength(name) > 63)).toEqual([]);
  });
});
