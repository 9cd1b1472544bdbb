// Bug case BR-49 (shared/cases/bug-cases.md, class "unicode"), on both databases. Step 1 (tag
// slugs in other scripts) is in tags.test.ts ("BR-49: …") and security/unicode.test.ts; webhook
// texts round-trip in security/unicode.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameHandle } from '../../src/domain/agents/rules';
import { createBoard } from '../support/fixtures';
import { createWorld, ok200, type World } from '../support/work';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w?.close());

const as = (method: string, url: string, body?: unknown) => w.tn.as('alice', method, url, body);
const TITLE = '🚀 Launch — café ✅';
const DESCRIPTION = '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and e\u0301 (a combining accent) and a lone ZWJ \u200d';
const COMMENT = '👩‍👩‍👧 family (a ZWJ sequence)';

describe('BR-49: non-Latin and emoji text round-trips, and agent keys do not depend on names', () => {
  it('step 2: task title, description and comments come back byte-identical (users and agents)', async () => {
    const board = w.f.boardA1;
    const created = ok200(await as('POST', `/api/v1/boards/${board}/tasks`, { title: TITLE, description: DESCRIPTION }));
    expect(created).toMatchObject({ title: TITLE, description: DESCRIPTION });
    ok200(await as('POST', `/api/v1/boards/${board}/tasks/${created.id}/comments`, { message: COMMENT }));
    ok200(await w.agentApi(w.alex, 'POST', `/api/v1/agent/boards/${board}/tasks/${created.id}/comments`, { message: `${COMMENT} from Alex` }));

    const single = await as('GET', `/api/v1/boards/${board}/tasks/${created.id}`);
    // The raw body carries the UTF-8 bytes of each string (as JSON.stringify writes them).
    const raw = single.rawPayload.toString('utf8');
    for (const text of [TITLE, DESCRIPTION]) expect(raw).toContain(JSON.stringify(text).slice(1, -1));
    expect(Buffer.from(single.json().title, 'utf8').equals(Buffer.from(TITLE, 'utf8'))).toBe(true);
    expect(Buffer.from(single.json().description, 'utf8').equals(Buffer.from(DESCRIPTION, 'utf8'))).toBe(true);

    const listed = ok200(await w.agentApi(w.bob2, 'GET', `/api/v1/agent/boards/${board}/tasks`)).items.find((t: any) => t.id === created.id);
    expect(listed).toMatchObject({ title: TITLE, description: DESCRIPTION });
    const comments = ok200(await as('GET', `/api/v1/boards/${board}/tasks/${created.id}/comments`)).items.map((c: any) => c.message);
    expect(comments).toEqual([COMMENT, `${COMMENT} from Alex`]);
    const feed = ok200(await as('GET', `/api/v1/activity/task-comments?board_id=${board}`)).items.filter((c: any) => c.task_id === created.id);
    expect(feed.map((c: any) => c.message).sort()).toEqual([COMMENT, `${COMMENT} from Alex`].sort());
    expect(feed.every((c: any) => c.task_title === TITLE)).toBe(true);

    // A rename to other scripts, then the stored row itself (PostgreSQL text, not only our JSON).
    const renamed = ok200(await as('PATCH', `/api/v1/boards/${board}/tasks/${created.id}`, { title: '日本語のタスク 🤖' }));
    expect(renamed.title).toBe('日本語のタスク 🤖');
    const [row] = await w.tn.t.services.database.query<{ title: string; description: string; octets: number }>(
      'SELECT title, description, octet_length(description) AS octets FROM tasks WHERE id = $1',
      [created.id],
    );
    expect(row).toMatchObject({ title: '日本語のタスク 🤖', description: DESCRIPTION });
    expect(Number(row.octets)).toBe(Buffer.byteLength(DESCRIPTION, 'utf8'));
  });

  it('step 3: an agent named "🤖" keeps the same gateway id and session key through re-provisioning and renames', async () => {
    const board = (await createBoard(w.tn, 'alice', { name: 'BR-49 robots', gateway_id: w.f.gatewayA })).id;
    const robot = ok200(await as('POST', '/api/v1/agents', { name: '🤖', board_id: board }));
    const key = `agent:mc-${robot.id}:main`;
    expect(robot).toMatchObject({ name: '🤖', openclaw_session_id: key });
    const again = ok200(await as('POST', `/api/v1/agents/${robot.id}/reprovision`));
    expect(again.openclaw_session_id).toBe(key);
    const renamed = ok200(await as('PATCH', `/api/v1/agents/${robot.id}`, { name: '🤖 Robo' }));
    expect(renamed).toMatchObject({ name: '🤖 Robo', openclaw_session_id: key });
    // A rename is not a move: nothing asks the gateway to delete the old placement.
    expect(await w.tn.t.services.database.query("SELECT 1 FROM jobs WHERE queue = 'gateway.agent.delete' AND payload->>'gateway_agent_key' = $1", [`mc-${robot.id}`])).toEqual([]);

    // Emoji-only names have no handle: they are told apart by the name itself, never all colliding.
    expect(nameHandle('🤖')).toBeNull();
    expect(nameHandle('Ops Bot')).toBe(nameHandle('ops_bot'));
    expect(nameHandle('日本語')).not.toBe(nameHandle('中文'));
    const other = ok200(await as('POST', '/api/v1/agents', { name: '🦾', board_id: board }));
    expect(other.openclaw_session_id).toBe(`agent:mc-${other.id}:main`);
    ok200(await as('POST', '/api/v1/agents', { name: '日本語', board_id: board }));
    ok200(await as('POST', '/api/v1/agents', { name: '中文', board_id: board }));
    const same = await as('POST', '/api/v1/agents', { name: '🦾', board_id: board });
    expect(same.statusCode).toBe(409);
  });
});
