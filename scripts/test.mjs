#!/usr/bin/env node
// `npm test`: build the app (browser tests drive the built UI), fetch the OpenClaw gateways the
// gateway tests run (cached), then run every Vitest project. Extra arguments go to Vitest.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, buildWeb } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await buildServer();
await buildWeb();
const cache = join(root, 'scripts/gateway-cache.mjs');
if (existsSync(cache)) {
  const prepared = spawnSync(process.execPath, [cache], { stdio: 'inherit', cwd: root });
  if (prepared.status !== 0) process.exit(prepared.status ?? 1);
}
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
