#!/usr/bin/env node
// Pre-installs Node 24 and every OpenClaw version the gateway tests run against into
// ~/.cache/mission-control (or $MC_CACHE_DIR). Safe to run concurrently and repeatedly.
// Usage: node scripts/gateway-cache.mjs [version ...]
import { cacheRoot, ensureNode24, ensureOpenClaw, OPENCLAW_VERSIONS } from '../e2e/gateway/harness/cache.mjs';

const versions = process.argv.slice(2).length ? process.argv.slice(2) : OPENCLAW_VERSIONS;
const node = await ensureNode24();
console.log(`node 24: ${node}`);
for (const version of versions) {
  const entry = await ensureOpenClaw(version);
  console.log(`openclaw ${version}: ${entry}`);
}
console.log(`cache: ${cacheRoot()}`);
