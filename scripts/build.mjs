#!/usr/bin/env node
// Builds what `npm start` serves: the server bundle (esbuild) and the web app (Vite).
// Skips a part whose output is newer than all of its sources, unless --force is given.
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

const stale = (output, inputs) => force || !existsSync(output) || Math.max(...inputs.map(newest)) > statSync(output).mtimeMs;

export async function buildServer() {
  const out = join(root, 'server/dist/main.js');
  if (!stale(out, [join(root, 'server/src'), join(root, 'server/package.json')])) return false;
  process.stdout.write('Building the server…\n');
  await build({
    entryPoints: [join(root, 'server/src/main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  return true;
}

export async function buildWeb() {
  const out = join(root, 'web/dist/index.html');
  if (!stale(out, [join(root, 'web/src'), join(root, 'web/index.html'), join(root, 'web/package.json'), join(root, 'web/vite.config.ts')])) return false;
  process.stdout.write('Building the web app…\n');
  const { build: viteBuild } = await import('vite');
  await viteBuild({ root: join(root, 'web'), logLevel: 'warn', configFile: join(root, 'web/vite.config.ts') });
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  await buildServer();
  await buildWeb();
  process.stdout.write(`Build finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
