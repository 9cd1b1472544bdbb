import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boards, boardWebhooks, organizations } from '../../src/db/schema';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ensureBuilt, freePort, runCli, tempDir, waitReady, type Proc } from '../support/process';
import { rawRequest, streamChunked } from '../support/raw-http';

// A 50 MiB chunked upload to the public ingest endpoint of a separate server process: refused with
// 413 after about the cap, and the process's peak memory barely moves while it happens.
const MiB = 1024 * 1024;
let db: TestDatabase;
let proc: Proc;
let port: number;
let path: string;

beforeAll(async () => {
  await ensureBuilt();
  db = await createTestDatabase('postgres');
  const [org] = await db.database.db.insert(organizations).values({ name: 'mem' }).returning();
  const [board] = await db.database.db.insert(boards).values({ organizationId: org.id, name: 'mem', slug: 'mem' }).returning();
  const [hook] = await db.database.db.insert(boardWebhooks).values({ boardId: board.id, description: 'mem' }).returning();
  path = `/api/v1/boards/${board.id}/webhooks/${hook.id}`;
  port = await freePort();
  proc = runCli(['serve', '--no-worker'], {
    PORT: String(port),
    DATA_DIR: tempDir(),
    DATABASE_URL: db.url!,
    LOCAL_AUTH_TOKEN: 'm'.repeat(64),
    SECRETS_KEY: Buffer.alloc(32, 3).toString('base64'),
    LOG_LEVEL: 'warn',
  });
  await waitReady(port, proc);
}, 180_000);

afterAll(async () => {
  proc?.child.kill('SIGKILL');
  await proc?.exited;
  await db?.drop();
});

function memory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
}

const head = (extra: string[]) => [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json', ...extra, '', ''].join('\r\n');

describe('50 MiB chunked upload', () => {
  it('is refused with 413 after about the cap, and the server memory stays flat', async () => {
    const pid = proc.child.pid!;
    // Warm up the code path (and the JIT) with accepted and refused requests of normal size.
    for (let i = 0; i < 5; i++) {
      expect((await rawRequest(port, head(['Content-Length: 2']) + '{}')).status).toBe(202);
      expect((await streamChunked(port, head(['Transfer-Encoding: chunked']), 3 * MiB)).response?.status).toBe(413);
    }
    const before = memory(pid);
    // Reset the peak-RSS counter so VmHWM measures only what follows.
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    const result = await streamChunked(port, head(['Transfer-Encoding: chunked']), 50 * MiB);
    const after = memory(pid);
    const grewBy = after.peak - before.rss;
    console.log(`upload: ${(result.bytesWritten / MiB).toFixed(2)} MiB written by the client before it stopped (${result.stoppedBy}); server peak RSS grew by ${(grewBy / MiB).toFixed(2)} MiB`);
    expect(result.response?.status).toBe(413);
    expect(result.stoppedBy).not.toBe('finished');
    // What the client handed to its socket: the cap (1 MiB) read by the server plus what sits in
    // the loopback socket buffers of both ends (a few MiB; seen: ~3.8 MiB). Far from 50 MiB.
    expect(result.bytesWritten).toBeLessThan(12 * MiB);
    expect(grewBy).toBeLessThan(8 * MiB);
    // The server keeps serving.
    expect((await rawRequest(port, head(['Content-Length: 2']) + '{}')).status).toBe(202);
  });
});
