#!/usr/bin/env node
// `npm run bench [name]`: bundles bench/<name>.bench.ts (all when no name) with esbuild and runs it.
// Benchmarks print their measurements side by side and the ratios that matter.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv[2];
const files = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts') && (!wanted || f.startsWith(wanted)));
if (!files.length) {
  process.stderr.write(`no benchmark matches '${wanted}'\n`);
  process.exit(1);
}
const out = mkdtempSync(join(tmpdir(), 'mc-bench-'));
for (const file of files) {
  const outfile = join(root, 'bench', '.out', file.replace(/\.ts$/, '.mjs'));
  await build({ entryPoints: [join(root, 'bench', file)], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  process.stdout.write(`\n=== ${file} ===\n`);
  const run = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: root, env: { ...process.env, MC_BENCH_TMP: out } });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
