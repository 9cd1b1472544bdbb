// Shallow clone of a skill pack with the system `git`, into a temporary directory the caller
// removes. Only https (and file:// for a configured local mirror) may be spoken, no prompts, no
// user or system git configuration, symlinks checked out as plain files, LFS objects skipped.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLONE_TIMEOUT_MS = 10 * 60 * 1000;

export class PackCloneError extends Error {}

export interface Checkout {
  dir: string;
  /** The branch actually checked out (the default branch when the pack's branch was missing). */
  branch: string;
  warnings: string[];
  cleanup(): Promise<void>;
}

export interface CloneOptions {
  /** Replaces `https://github.com/` in the clone URL (SKILL_PACK_GIT_MIRROR); validation is unchanged. */
  mirror: string | null;
  timeoutMs?: number;
}

/** The URL git is given: the pack URL, or the same path under the configured mirror. */
export function cloneUrlFor(packUrl: string, mirror: string | null): string {
  if (!mirror) return packUrl;
  return `${mirror.replace(/\/+$/, '')}/${packUrl.replace(/^https:\/\/github\.com\//, '')}`;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  missing: boolean;
}

function git(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Run> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      const err = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
      resolve({
        code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
        stdout: String(stdout),
        stderr: String(stderr),
        timedOut: Boolean(err?.killed),
        missing: err?.code === 'ENOENT',
      });
    });
  });
}

/** The line of git's stderr that says what went wrong (≤ 200 characters). */
export function gitFailureLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /^(fatal|error):/i.test(l)) ?? lines.at(-1) ?? 'git exited with an error';
  return line.slice(0, 200);
}

/** Clones `packUrl` at `branch` (depth 1); a missing non-main branch falls back to the default branch. */
export async function clonePack(packUrl: string, branch: string, options: CloneOptions): Promise<Checkout> {
  const url = cloneUrlFor(packUrl, options.mirror);
  const base = await mkdtemp(join(tmpdir(), 'mc-skill-pack-'));
  const cleanup = () => rm(base, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: base,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'true',
    GIT_LFS_SKIP_SMUDGE: '1',
    GIT_ALLOW_PROTOCOL: url.startsWith('file://') ? 'file' : 'https',
  };
  const timeoutMs = options.timeoutMs ?? CLONE_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const attempt = (withBranch: string | null) =>
    git(
      [
        '-c', 'core.symlinks=false',
        '-c', 'http.followRedirects=false',
        'clone', '--depth', '1', '--single-branch', '--no-tags',
        ...(withBranch ? ['--branch', withBranch] : []),
        '--', url, 'repo',
      ],
      { cwd: base, env, timeoutMs: Math.max(1_000, deadline - Date.now()) },
    );
  try {
    const warnings: string[] = [];
    let run = await attempt(branch);
    if (run.missing) throw new PackCloneError('git binary not available on the server');
    if (run.code !== 0 && !run.timedOut && branch !== 'main') {
      const first = gitFailureLine(run.stderr);
      await rm(join(base, 'repo'), { recursive: true, force: true });
      run = await attempt(null);
      if (run.code === 0) warnings.push(`branch "${branch}" could not be cloned (${first}); used the default branch`);
    }
    if (run.timedOut) throw new PackCloneError('timed out cloning pack repository');
    if (run.code !== 0) throw new PackCloneError(`unable to clone pack repository: ${gitFailureLine(run.stderr)}`);
    const dir = join(base, 'repo');
    const head = await git(['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: dir, env, timeoutMs: 30_000 });
    const checkedOut = head.code === 0 ? head.stdout.trim() : '';
    return { dir, branch: checkedOut && checkedOut !== 'HEAD' ? checkedOut : branch, warnings, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
