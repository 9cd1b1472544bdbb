#!/usr/bin/env node
// `npm start` and `npm run mc -- <command>`: build what is out of date, then run the server CLI.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildServer, buildWeb } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
try {
  await buildServer();
  if ((process.argv[2] ?? 'serve') === 'serve') await buildWeb();
} catch (error) {
  process.stderr.write(`mission-control: build failed: ${error.message}\n`);
  process.exit(1);
}
await import(pathToFileURL(join(root, 'server/dist/main.js')).href);
