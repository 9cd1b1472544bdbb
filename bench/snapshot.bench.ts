// Board snapshot and task list on large boards: each HTTP request (a real request over loopback
// to the listening server, the body received and counted, not parsed) against the bare SQL reads it
// needs (the same statements sent straight to the driver: no ORM mapping, presenting, validation,
// JSON or HTTP), measured side by side in interleaved rounds, plus the number of SQL statements
// per request, counted by wrapping the driver's query function here in the benchmark.
// Boards: 10,000 tasks / 50 agents / 2,000 approvals, and 1,000 / 50 / 200 to show the statement
// count does not grow with rows. Databases: BENCH_DBS=pglite,postgres (default both).
import http from 'node:http';
import pg from 'pg';
import { createTestApp, TEST_TOKEN, type TestApp } from '../server/test/support/app';

const ROUNDS = Number(process.env.ROUNDS ?? 40);
const WARMUP = 5;
const DBS = (process.env.BENCH_DBS ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];

// ---- statement counting (benchmark only) --------------------------------------------------
let statements = 0;
let pgWrapped = false;
function countStatements(t: TestApp): void {
  if (t.kind === 'pglite') {
    const client = (t.services.db as unknown as { $client: { query: (...a: unknown[]) => unknown } }).$client;
    const query = client.query.bind(client);
    client.query = (...args: unknown[]) => {
      statements++;
      return query(...args);
    };
  } else if (!pgWrapped) {
    // Every pool query and every checked-out connection's query goes through Client#query.
    pgWrapped = true;
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      statements++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  }
}

// ---- data ------------------------------------------------------------------------------------
async function seedBoard(t: TestApp, size: { tasks: number; agents: number; approvals: number }): Promise<string> {
  const q = t.services.database.query.bind(t.services.database);
  const [org] = await q<{ id: string }>(`INSERT INTO organizations (name) VALUES ('Bench ${size.tasks}') RETURNING id`);
  const [gw] = await q<{ id: string }>(`INSERT INTO gateways (organization_id, name, url, workspace_root) VALUES ($1, 'gw', 'ws://127.0.0.1:1', '/tmp') RETURNING id`, [org.id]);
  const [board] = await q<{ id: string }>(`INSERT INTO boards (organization_id, name, slug, gateway_id) VALUES ($1, 'Big', 'big', $2) RETURNING id`, [org.id, gw.id]);
  const b = board.id;
  await q(
    `INSERT INTO agents (board_id, gateway_id, name, is_board_lead, status, last_seen_at, created_at)
     SELECT $1, $2, 'agent ' || i, i = 1, 'online', now(), now() - make_interval(secs => i) FROM generate_series(1, $3) AS i`,
    [b, gw.id, size.agents],
  );
  await q(
    `WITH a AS (SELECT id, row_number() OVER (ORDER BY name) - 1 AS n FROM agents WHERE board_id = $1)
     INSERT INTO tasks (board_id, title, description, status, priority, assigned_agent_id, created_at, updated_at)
     SELECT $1, 'task ' || i, 'Description of task ' || i,
            (ARRAY['inbox','in_progress','review','done'])[1 + i % 4], (ARRAY['high','medium','low'])[1 + i % 3],
            (SELECT id FROM a WHERE a.n = i % ($3::int + 5)), now() - make_interval(secs => i), now() - make_interval(secs => i)
       FROM generate_series(1, $2) AS i`,
    [b, size.tasks, size.agents],
  );
  const numbered = `numbered AS (SELECT id, row_number() OVER (ORDER BY created_at DESC, id) AS n FROM tasks WHERE board_id = '${b}')`;
  // One dependency edge for every fifth task; 30 tags on every other task.
  await q(`WITH ${numbered} INSERT INTO task_dependencies (board_id, task_id, depends_on_task_id)
           SELECT '${b}', x.id, y.id FROM numbered x JOIN numbered y ON y.n = x.n + 1 WHERE x.n % 5 = 0`);
  await q(`INSERT INTO tags (organization_id, name, slug) SELECT $1, 'tag ' || i, 'tag-' || i FROM generate_series(1, 30) AS i`, [org.id]);
  await q(`WITH ${numbered}, g AS (SELECT id, row_number() OVER (ORDER BY slug) - 1 AS n FROM tags WHERE organization_id = $1)
           INSERT INTO tag_assignments (task_id, tag_id) SELECT numbered.id, g.id FROM numbered JOIN g ON g.n = numbered.n % 30 WHERE numbered.n % 2 = 0`, [org.id]);
  // Approvals on every fifth task, a second linked task for every fourth approval.
  await q(
    `WITH ${numbered} INSERT INTO approvals (board_id, task_id, action_type, confidence, status, created_at)
     SELECT '${b}', numbered.id, 'task.complete', 50 + numbered.n % 50, (ARRAY['pending','approved','rejected'])[1 + numbered.n % 3], now() - make_interval(secs => numbered.n)
       FROM numbered WHERE numbered.n % 5 = 1 AND numbered.n <= $1 * 5`,
    [size.approvals],
  );
  await q(`INSERT INTO approval_task_links (approval_id, task_id) SELECT id, task_id FROM approvals WHERE board_id = $1`, [b]);
  await q(
    `WITH ${numbered}, ap AS (SELECT a.id, n.n FROM approvals a JOIN numbered n ON n.id = a.task_id WHERE a.board_id = '${b}')
     INSERT INTO approval_task_links (approval_id, task_id) SELECT ap.id, numbered.id FROM ap JOIN numbered ON numbered.n = ap.n + 1 WHERE ap.n % 4 = 1`,
  );
  await q(`INSERT INTO board_memory (board_id, content, tags, is_chat, source, created_at)
           SELECT $1, 'chat message ' || i, '["chat"]', true, 'User', now() - make_interval(secs => i) FROM generate_series(1, 500) AS i`, [b]);
  await t.services.database.exec('ANALYZE');
  return b;
}

// ---- the bare reads --------------------------------------------------------------------------
type Q = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

/**
 * The statements the snapshot sends, sent raw in the same shape: all at once, the approvals' task
 * links after the approvals. The task rows are the card columns with timestamps as text, which
 * is what the snapshot's own raw read gets from the driver.
 */
async function bareSnapshot(q: Q, boardId: string): Promise<number> {
  const [taskRows] = await Promise.all([
    q<{ id: string }>(
      `SELECT id, board_id, title, description, status, priority, due_at::text, assigned_agent_id, created_by_user_id,
              in_progress_at::text, created_at::text, updated_at::text
         FROM tasks WHERE board_id = $1 ORDER BY tasks.created_at DESC, tasks.id DESC`,
      [boardId],
    ),
    q('SELECT d.task_id, d.depends_on_task_id, t.status FROM task_dependencies d LEFT JOIN tasks t ON t.id = d.depends_on_task_id WHERE d.board_id = $1 ORDER BY d.created_at, d.id', [boardId]),
    q('SELECT ta.task_id, g.id, g.name, g.slug, g.color FROM tag_assignments ta JOIN tags g ON g.id = ta.tag_id WHERE ta.task_id IN (SELECT id FROM tasks WHERE board_id = $1) ORDER BY ta.seq', [boardId]),
    q('SELECT id, name FROM agents WHERE id IN (SELECT assigned_agent_id FROM tasks WHERE board_id = $1)', [boardId]),
    q(
      `SELECT c.task_id, count(*), count(*) FILTER (WHERE c.status = 'pending') FROM (
         SELECT l.task_id, a.status FROM approval_task_links l JOIN approvals a ON a.id = l.approval_id WHERE a.board_id = $1
         UNION ALL SELECT a.task_id, a.status FROM approvals a WHERE a.board_id = $1 AND a.task_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM approval_task_links l WHERE l.approval_id = a.id)) c GROUP BY c.task_id`,
      [boardId],
    ),
    q('SELECT * FROM agents WHERE board_id = $1 ORDER BY created_at DESC, id DESC', [boardId]),
    q<{ id: string }>('SELECT * FROM approvals WHERE board_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200', [boardId]).then((approvalRows) =>
      q('SELECT l.approval_id, l.task_id, t.title FROM approval_task_links l LEFT JOIN tasks t ON t.id = l.task_id WHERE l.approval_id = any($1::uuid[]) ORDER BY l.seq', [approvalRows.map((a) => a.id)]),
    ),
    q("SELECT count(*) FROM approvals WHERE board_id = $1 AND status = 'pending'", [boardId]),
    q("SELECT * FROM board_memory WHERE board_id = $1 AND is_chat AND btrim(content) <> '' ORDER BY created_at DESC, id DESC LIMIT 200", [boardId]),
  ]);
  return taskRows.length;
}

/** The statements a 200-task list page needs: page, total, decorations of the page. */
async function bareTaskList(q: Q, boardId: string): Promise<number> {
  const [page] = await Promise.all([
    q<{ id: string }>('SELECT * FROM tasks WHERE board_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200', [boardId]),
    q('SELECT count(*) FROM tasks WHERE board_id = $1', [boardId]),
  ]);
  const ids = page.map((t) => t.id);
  await Promise.all([
    q('SELECT d.task_id, d.depends_on_task_id, t.status FROM task_dependencies d LEFT JOIN tasks t ON t.id = d.depends_on_task_id WHERE d.task_id = any($1::uuid[]) ORDER BY d.created_at, d.id', [ids]),
    q('SELECT ta.task_id, g.id, g.name, g.slug, g.color FROM tag_assignments ta JOIN tags g ON g.id = ta.tag_id WHERE ta.task_id = any($1::uuid[]) ORDER BY ta.seq', [ids]),
    q('SELECT * FROM board_task_custom_fields WHERE board_id = $1', [boardId]),
    q('SELECT * FROM task_custom_field_values WHERE task_id = any($1::uuid[])', [ids]),
  ]);
  return ids.length;
}

// ---- measuring -------------------------------------------------------------------------------
interface Case {
  label: string;
  run: () => Promise<void>;
  times: number[];
  statements: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function setup(kind: 'pglite' | 'postgres') {
  const t = await createTestApp({ LOG_LEVEL: 'warn' }, kind);
  const q: Q = (sql, params) => t.services.database.query(sql, params);
  const cases: Case[] = [];
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as { port: number };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (url: string) => async () =>
    new Promise<void>((resolve, reject) => {
      const headers = { authorization: `Bearer ${TEST_TOKEN}` };
      http
        .get({ host: '127.0.0.1', port, path: url, agent, headers }, (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () => (res.statusCode === 200 && bytes > 0 ? resolve() : reject(new Error(`${url}: ${res.statusCode}`))));
        })
        .on('error', reject);
    });
  await t.api('GET', '/api/v1/users/me'); // provision the local user once
  for (const size of [{ tasks: 1_000, agents: 50, approvals: 200 }, { tasks: 10_000, agents: 50, approvals: 2_000 }]) {
    const boardId = await seedBoard(t, size);
    // Benchmark boards belong to their own organization; the local user reads them as an owner there.
    await q(
      `INSERT INTO organization_members (organization_id, user_id, role, all_boards_read, all_boards_write)
       SELECT b.organization_id, u.id, 'owner', true, true FROM boards b, users u WHERE b.id = $1 ON CONFLICT DO NOTHING`,
      [boardId],
    );
    await q('UPDATE users SET active_organization_id = (SELECT organization_id FROM boards WHERE id = $1)', [boardId]);
    const tag = `${kind.padEnd(8)} ${String(size.tasks).padStart(6)}`;
    cases.push({ label: `${tag}  snapshot (HTTP)`, run: get(`/api/v1/boards/${boardId}/snapshot`), times: [], statements: 0 });
    cases.push({ label: `${tag}  snapshot bare SQL`, run: async () => void (await bareSnapshot(q, boardId)), times: [], statements: 0 });
    const list = await t.api('GET', `/api/v1/boards/${boardId}/tasks?limit=200`);
    if (list.statusCode === 200) {
      cases.push({ label: `${tag}  task list (HTTP)`, run: get(`/api/v1/boards/${boardId}/tasks?limit=200`), times: [], statements: 0 });
      cases.push({ label: `${tag}  task list bare SQL`, run: async () => void (await bareTaskList(q, boardId)), times: [], statements: 0 });
    } else {
      console.log(`(${kind}: GET /boards/{id}/tasks answered ${list.statusCode}; task list not measured in this build)`);
    }
  }
  countStatements(t);
  return { t, cases, close: async () => (agent.destroy(), t.close()) };
}

async function measure(cases: Case[]) {
  for (const c of cases) {
    statements = 0;
    await c.run();
    c.statements = statements;
  }
  for (let round = 0; round < ROUNDS + WARMUP; round++) {
    for (const c of cases) {
      const started = process.hrtime.bigint();
      await c.run();
      if (round >= WARMUP) c.times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
}

async function main() {
  const results: Case[] = [];
  // One database at a time (its cases interleaved), so one engine's garbage never lands on the other's timings.
  for (const kind of DBS) {
    const { cases, close } = await setup(kind);
    await measure(cases);
    results.push(...cases);
    await close();
  }
  console.log(`${ROUNDS} interleaved rounds after ${WARMUP} warm-up rounds; statements = SQL statements per request (incl. auth)`);
  console.log('db        tasks  case                 p50 ms    p99 ms  statements  p50 ratio HTTP / bare');
  for (let i = 0; i < results.length; i += 2) {
    const [httpCase, bare] = [results[i], results[i + 1]];
    const [h, b] = [httpCase, bare].map((c) => [...c.times].sort((x, y) => x - y));
    for (const [c, s] of [[httpCase, h], [bare, b]] as const) {
      const ratio = c === httpCase ? (pct(h, 0.5) / pct(b, 0.5)).toFixed(2) : '';
      console.log(`${c.label.padEnd(37)} ${pct(s, 0.5).toFixed(1).padStart(8)}  ${pct(s, 0.99).toFixed(1).padStart(8)}  ${String(c.statements).padStart(10)}  ${ratio}`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
