import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_AUTH_LIMIT } from '../../src/http/rate-limits';
import { createTestApp, TEST_TOKEN, type TestApp } from '../support/app';
import { exampleBody, fillPath, operations, type OpenApiDoc, type Operation } from '../support/openapi-sweep';
import { insertAgent, insertBoard, insertGateway, localOrganizationId } from '../support/seed-rows';

/**
 * Every operation that accepts an agent token (the /api/v1/agent surface and every route whose
 * OpenAPI security lists `agentToken`, e.g. shared user/agent routes declared with
 * USER_OR_AGENT_SECURITY) is swept: 20 failed credentials from one address answer 401, the next
 * 429, whichever header carries them (BR-09, BR-10, BR-20, BR-21).
 */
let t: TestApp;
let doc: OpenApiDoc;
let agentToken: string;
const ids: Record<string, string> = {};
let n = 0;
// A new address per call (198.18.0.0/15, benchmarking space): more than 255 calls are made, so the
// counter spans two octets rather than overflowing into an invalid address.
const freshIp = () => `198.18.${++n >> 8}.${n & 255}`;

beforeAll(async () => {
  t = await createTestApp({ TRUSTED_PROXIES: '127.0.0.1' });
  const orgId = await localOrganizationId(t);
  const gateway = await insertGateway(t, orgId);
  const board = await insertBoard(t, orgId, gateway.id);
  agentToken = (await insertAgent(t, gateway.id, board.id)).token;
  ids.board_id = board.id;
  doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  // A route takes agent tokens if it says so, or if a valid agent token is not refused with 401
  // (so a shared route that forgets to declare it is swept all the same).
  for (const op of operations(doc)) {
    if (declaresAgents(op)) {
      agentOps.push(op);
      continue;
    }
    // Public routes (health, ingest) answer without any credential: nothing to authenticate.
    if ((await call(op, freshIp(), {})).statusCode !== 401) continue;
    if ((await call(op, freshIp(), { 'x-agent-token': agentToken })).statusCode !== 401) agentOps.push(op);
  }
});
afterAll(() => t?.close());

const declaresAgents = (op: Operation) =>
  op.path.startsWith('/api/v1/agent/') || JSON.stringify(op.security ?? []).includes('agentToken');
/** Filled in beforeAll: declared, or found by calling the route with a valid agent token. */
let agentOps: Operation[] = [];

function call(op: Operation, ip: string, headers: Record<string, string>) {
  const body = exampleBody(doc, op, ids);
  const url = fillPath(op, new Proxy(ids, { get: (target, key: string) => target[key] ?? randomUUID() }));
  return t.app.inject({
    method: op.method as 'GET',
    url,
    headers: { 'x-forwarded-for': ip, ...headers },
    ...(body !== undefined ? { payload: body as object } : {}),
  });
}

describe('failed agent credentials are limited on every route that takes them', () => {
  it('finds the routes', () => {
    expect(agentOps.length).toBeGreaterThan(0);
    // Shared routes should declare it (USER_OR_AGENT_SECURITY) so the OpenAPI document tells agents.
    expect(agentOps.filter((op) => !declaresAgents(op)).map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it.each([
    ['Authorization: Bearer (not a user or agent)', (i: number) => ({ authorization: `Bearer not-a-user-or-agent-${i}` })],
    ['X-Agent-Token', (i: number) => ({ 'x-agent-token': `bogus-${i}` })],
  ])('20 × 401 then 429, per route (%s)', async (_name, headers) => {
    const wrong: string[] = [];
    for (const op of agentOps) {
      const ip = freshIp();
      const seen: number[] = [];
      for (let i = 0; i <= AGENT_AUTH_LIMIT.max; i++) seen.push((await call(op, ip, headers(i))).statusCode);
      const expected = [...Array(AGENT_AUTH_LIMIT.max).fill(401), 429];
      if (JSON.stringify(seen) !== JSON.stringify(expected)) wrong.push(`${op.method} ${op.path}: ${seen.join(',')}`);
      // A valid agent from the same address still gets through.
      const valid = await call(op, ip, { 'x-agent-token': agentToken });
      if ([401, 429].includes(valid.statusCode)) wrong.push(`${op.method} ${op.path}: valid agent got ${valid.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a user token is never an agent token, and bearer schemes are read case-insensitively', async () => {
    const agentRoutes = operations(doc).filter((op) => op.path.startsWith('/api/v1/agent/'));
    for (const op of agentRoutes) expect((await call(op, freshIp(), { 'x-agent-token': TEST_TOKEN })).statusCode).toBe(401);
    for (const op of agentRoutes) expect((await call(op, freshIp(), { authorization: `bearer ${agentToken}` })).statusCode).not.toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { authorization: `bearer ${TEST_TOKEN}` } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { authorization: `Token ${TEST_TOKEN}` } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { authorization: `Bearer ${TEST_TOKEN.slice(0, -1)}` } })).statusCode).toBe(401);
    // Surrounding whitespace in the header value is ignored (documented in docs/security.md).
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { authorization: `Bearer ${TEST_TOKEN} ` } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { authorization: `Bearer ${'r'.repeat(60)}` } })).statusCode).toBe(401);
  });
});
