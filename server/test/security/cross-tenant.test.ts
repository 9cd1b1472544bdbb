import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { exampleBody, fillPath, operations, type OpenApiDoc, type Operation } from '../support/openapi-sweep';
import { boardOnboardingSessions } from '../../src/db/schema';
import { insertAgent } from '../support/seed-rows';
import { createTenants, type Tenants } from '../support/tenants';

/**
 * Two organizations; bob (owner of org B) and an agent of org B call every operation of the API
 * with org A's ids (paths and bodies). Nothing of org A may be read, changed or deleted: every
 * such call is refused (401/403/404, or 422 for a foreign id inside a body) and org A's resources
 * read back identically afterwards. Operations come from the app's own OpenAPI document, so a new
 * route is swept automatically; a route whose path parameter this file cannot fill fails the
 * test with the list of names to add to `ids` below.
 */
let tn: Tenants;
let orgs: TwoOrgs;
let doc: OpenApiDoc;
const ids: Record<string, string> = {};
const markers = ['A-SKILL-MARKER', 'A-PACK-MARKER', 'A-TASK-MARKER', 'A-APPROVAL-MARKER', 'A-ONE-MARKER', 'A-WEBHOOK-MARKER', 'A-TAG-MARKER', 'A-GROUP-MARKER', 'a-field-marker', 'A-PAYLOAD-MARKER', 'a-invitee-marker'];
let tokens: { agentA: string; agentB: string };

/** Operations public by design: they hold no tenant data or authenticate on their own. */
const PUBLIC = new Set(['/health', '/healthz', '/readyz', '/api/v1/auth/bootstrap']);
const isIngest = (op: Operation) => op.method === 'POST' && op.path === '/api/v1/boards/{board_id}/webhooks/{webhook_id}';
const isAgentRoute = (op: Operation) => op.path.startsWith('/api/v1/agent/');
/**
 * The public souls directory: no tenant data behind it (any signed-in user or agent reads the
 * same directory), and answering needs the directory itself; tested in http/souls-directory.
 */
const isTenantless = (op: Operation) => op.path.startsWith('/api/v1/souls-directory/');
/** Path parameters that name no org-A resource (kept out of `ids`, which also fills bodies). */
const PATH_ONLY: Record<string, string> = { handle: 'some-handle', slug: 'some-slug' };
/** Operations on the caller's own account or organization (no foreign id can reach them). */
const SELF = new Set(['DELETE /api/v1/users/me', 'DELETE /api/v1/organizations/me']);

const json = (res: { body: string }) => {
  try {
    return JSON.parse(res.body);
  } catch {
    return res.body;
  }
};

beforeAll(async () => {
  tn = await createTenants();
  orgs = await twoOrgs(tn);
  const as = async (method: string, url: string, body?: unknown) => {
    const res = await tn.as('alice', method, url, body);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  await as('PATCH', `/api/v1/boards/${orgs.boardA1}`, { name: 'A-ONE-MARKER' });
  const webhook = await as('POST', `/api/v1/boards/${orgs.boardA1}/webhooks`, { description: 'A-WEBHOOK-MARKER', secret: 'a-secret-value' });
  const body = '{"note":"A-PAYLOAD-MARKER"}';
  const ingest = await tn.t.app.inject({
    method: 'POST',
    url: `/api/v1/boards/${orgs.boardA1}/webhooks/${webhook.id}`,
    payload: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': createHmac('sha256', 'a-secret-value').update(body).digest('hex') },
  });
  expect(ingest.statusCode).toBe(202);
  const tag = await as('POST', '/api/v1/tags', { name: 'A-TAG-MARKER' });
  const group = await as('POST', '/api/v1/board-groups', { name: 'A-GROUP-MARKER' });
  const field = await as('POST', '/api/v1/organizations/me/custom-fields', { field_key: 'a-field-marker', board_ids: [orgs.boardA1] });
  const invite = await as('POST', '/api/v1/organizations/me/invites', { invited_email: 'a-invitee-marker@example.test' });
  const task = await as('POST', `/api/v1/boards/${orgs.boardA1}/tasks`, { title: 'A-TASK-MARKER' });
  const approval = await as('POST', `/api/v1/boards/${orgs.boardA1}/approvals`, {
    action_type: 'task.complete',
    task_ids: [task.id],
    confidence: 80,
    payload: { reason: 'A-APPROVAL-MARKER' },
  });
  const skill = await as('POST', '/api/v1/skills/marketplace', { source_url: 'https://example.test/skills/a', name: 'A-SKILL-MARKER' });
  const pack = await as('POST', '/api/v1/skills/packs', { source_url: 'https://github.com/org-a/pack', name: 'A-PACK-MARKER' });
  const agentA = await insertAgent(tn.t, orgs.gatewayA, orgs.boardA1, { name: 'a-agent' });
  const agentB = await insertAgent(tn.t, orgs.gatewayB, orgs.boardB1, { name: 'b-agent' });
  tokens = { agentA: agentA.token, agentB: agentB.token };
  // An onboarding conversation on A's board (starting one needs a live gateway).
  await tn.t.services.db.insert(boardOnboardingSessions).values({
    boardId: orgs.boardA1,
    sessionKey: `agent:mc-gateway-${orgs.gatewayA}:main`,
    messages: [{ role: 'user', content: 'A-ONBOARDING-MARKER', timestamp: new Date().toISOString() }],
  });
  Object.assign(ids, {
    board_id: orgs.boardA1,
    webhook_id: webhook.id,
    payload_id: ingest.json().payload_id,
    tag_id: tag.id,
    group_id: group.id,
    board_group_id: group.id,
    task_custom_field_definition_id: field.id,
    invite_id: invite.id,
    member_id: orgs.members.carol,
    agent_id: agentA.agent.id,
    task_id: task.id,
    approval_id: approval.id,
    gateway_id: orgs.gatewayA,
    organization_id: orgs.orgA,
    session_id: 'agent:main:main',
    skill_id: skill.id,
    pack_id: pack.id,
  });
  doc = (await tn.t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
});
afterAll(() => tn?.close());

/** Gateway runtime routes name their gateway in the query (`gateway_id`), not in the path. */
const GATEWAY_RUNTIME = /^\/api\/v1\/gateways\/(status|commands|sessions)/;
/** Runtime routes that need a live gateway to answer 200 (org A's test gateway is not running; the e2e suite covers them). */
const needsLiveGateway = (op: Operation) => op.path.startsWith('/api/v1/gateways/sessions/') || op.path.endsWith('/agents/{agent_id}/soul');

function call(op: Operation, who: 'alice' | 'bob' | 'agentA' | 'agentB') {
  const url = fillPath(op, { ...PATH_ONLY, ...ids }) + (GATEWAY_RUNTIME.test(op.path) ? `?gateway_id=${ids.gateway_id}` : '');
  const body = exampleBody(doc, op, ids);
  if (who === 'alice' || who === 'bob') return tn.as(who, op.method, url, body);
  const token = who === 'agentA' ? tokens.agentA : tokens.agentB;
  return tn.t.app.inject({ method: op.method as 'GET', url, headers: { 'x-agent-token': token }, ...(body !== undefined ? { payload: body as object } : {}) });
}

/** Org A as alice sees it: every readable operation with A's ids. */
async function snapshotOfA(ops: Operation[]) {
  const out: Record<string, unknown> = {};
  for (const op of ops.filter((o) => o.method === 'GET' && o.params.length && !isAgentRoute(o) && !needsLiveGateway(o) && !isTenantless(o))) {
    const res = await call(op, 'alice');
    out[`${op.method} ${op.path}`] = { status: res.statusCode, body: json(res) };
  }
  return out;
}

describe('two-organization sweep over every route', () => {
  it('every path parameter of every route can be filled (add new ones to `ids`)', () => {
    const unfilled = operations(doc).flatMap((op) => op.params.filter((p) => !ids[p] && !PATH_ONLY[p]).map((p) => `${op.method} ${op.path}: {${p}}`));
    expect(unfilled, `The cross-tenant sweep cannot fill these path parameters; add an org-A resource for each to ids in ${import.meta.url}`).toEqual([]);
  });

  it('org A sees its own resources with these ids (the sweep is not vacuous)', async () => {
    const snapshot = await snapshotOfA(operations(doc));
    const failing = Object.entries(snapshot).filter(([, v]) => (v as { status: number }).status !== 200);
    expect(failing).toEqual([]);
    const agentReads = operations(doc).filter((o) => isAgentRoute(o) && o.method === 'GET' && o.params.length && !needsLiveGateway(o));
    for (const op of agentReads) expect((await call(op, 'agentA')).statusCode, `${op.method} ${op.path}`).toBe(200);
  });

  it('another organization’s user and agent can neither read nor change anything of org A', async () => {
    const ops = operations(doc).filter((op) => !PUBLIC.has(op.path) && !isIngest(op) && !isTenantless(op) && !SELF.has(`${op.method} ${op.path}`));
    const before = await snapshotOfA(ops);
    const leaks: string[] = [];
    for (const op of ops) {
      const who = isAgentRoute(op) ? 'agentB' : 'bob';
      const res = await call(op, who);
      const tag = `${who} ${op.method} ${op.path} → ${res.statusCode}`;
      if (res.statusCode >= 500) leaks.push(`${tag}: server error ${res.body}`);
      const marker = markers.find((m) => res.body.includes(m));
      if (marker) leaks.push(`${tag}: response contains org A's ${marker}`);
      if (op.params.length && ![401, 403, 404, 422].includes(res.statusCode)) leaks.push(`${tag}: not refused`);
      if (res.body.includes('a-secret-value')) leaks.push(`${tag}: response contains a webhook secret`);
      // A foreign id sent in a body must not be accepted (stored or echoed back).
      const sent = JSON.stringify(exampleBody(doc, op, ids) ?? {});
      const accepted = Object.entries(ids).filter(([, id]) => sent.includes(id) && res.statusCode < 300 && res.body.includes(id));
      if (accepted.length) leaks.push(`${tag}: accepted org A's ${accepted.map(([k]) => k).join(', ')} in the body`);
    }
    expect(leaks).toEqual([]);
    expect(await snapshotOfA(ops)).toEqual(before);
  });

  it('responses to foreign ids do not tell existing from unknown resources', async () => {
    const op = operations(doc).find((o) => o.method === 'GET' && o.path === '/api/v1/boards/{board_id}/webhooks/{webhook_id}')!;
    const foreign = await call(op, 'bob');
    const unknown = await tn.as('bob', 'GET', `/api/v1/boards/${crypto.randomUUID()}/webhooks/${crypto.randomUUID()}`);
    expect(foreign.statusCode).toBe(unknown.statusCode);
    expect(foreign.json().detail).toEqual(unknown.json().detail);
  });
});
