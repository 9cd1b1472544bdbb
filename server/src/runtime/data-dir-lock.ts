import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'mission-control.pid';

/** Whether `pid` is a running Node process other than this one (a stale pid file is not). */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // Where /proc exists, a reused pid that now belongs to something else is not a holder.
  try {
    return /node/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return !existsSync('/proc/self');
  }
}

/** The process that holds the embedded database, if one is running. */
export function dataDirHolder(dataDir: string): { pid: number; command: string } | null {
  try {
    const [pid, command = 'mission-control'] = readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim().split(/\s+/);
    return alive(Number(pid)) ? { pid: Number(pid), command } : null;
  } catch {
    return null;
  }
}

/**
 * The embedded database may be opened by one process at a time: takes the data directory for
 * this process (a pid file; one left by a killed process is taken over) or throws naming the
 * holder. Returns the release function.
 */
export function lockDataDir(dataDir: string, command: string): () => void {
  const holder = dataDirHolder(dataDir);
  if (holder) {
    throw new Error(
      `the embedded database in ${dataDir} is in use by Mission Control (${holder.command}, pid ${holder.pid}): stop it first`,
    );
  }
  const path = join(dataDir, LOCK_FILE);
  writeFileSync(path, `${process.pid} ${command}\n`, { mode: 0o600 });
  return () => {
    try {
      if (readFileSync(path, 'utf8').startsWith(`${process.pid} `)) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  };
}
