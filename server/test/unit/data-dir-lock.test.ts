import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDirHolder, LOCK_FILE, lockDataDir } from '../../src/runtime/data-dir-lock';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-lock-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('embedded data dir lock', () => {
  it('is taken and released by this process', () => {
    const dir = fresh();
    const release = lockDataDir(dir, 'backup');
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid} backup\n`);
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses while another live Node process holds it, and takes over once it is gone', async () => {
    const dir = fresh();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE), `${other.pid} serve\n`);
      expect(dataDirHolder(dir)).toEqual({ pid: other.pid, command: 'serve' });
      expect(() => lockDataDir(dir, 'restore')).toThrow(`in use by Mission Control (serve, pid ${other.pid}): stop it first`);
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
    expect(dataDirHolder(dir)).toBeNull();
    lockDataDir(dir, 'restore')();
  });

  it('ignores a pid file naming a process that is not Node (a reused pid)', async () => {
    const dir = fresh();
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE), `${sleeper.pid} serve\n`);
      expect(dataDirHolder(dir)).toBeNull();
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
