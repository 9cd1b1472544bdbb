// Bug cases BR-21 and BR-22 (shared/cases/bug-cases.md, class "auth") in local-auth mode, on both
// databases. BR-20 is in agent-bug-cases.test.ts; the per-route sweep of every user-or-agent route
// (and the 401 → 429 limit) is in security/agent-auth-limits.test.ts.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenMatches } from '../../src/auth/local-token';
import { ConfigError, loadConfig } from '../../src/config';
import { completeConfig } from '../../src/runtime/bootstrap';
import { LOCAL_TOKEN_FILE } from '../../src/runtime/data-dir';
import { createLogger } from '../../src/runtime/logger';
import { createTestApp, TEST_TOKEN, type TestApp } from '../support/app';
import { insertAgent, insertBoard, insertGateway, localOrganizationId } from '../support/seed-rows';

const random = (n: number) => randomBytes(n).toString('base64url').slice(0, n);
const bearer = (t: TestApp, url: string, authorization: string | null, method: 'GET' | 'POST' = 'GET', body?: unknown) =>
  t.app.inject({ method, url, headers: authorization === null ? {} : { authorization }, ...(body !== undefined ? { payload: body as object } : {}) });

describe('BR-21: a user bearer token is not refused because it is not an agent token', () => {
  let t: TestApp;
  let boardId: string;
  let agentToken: string;
  beforeAll(async () => {
    t = await createTestApp();
    const org = await localOrganizationId(t);
    const gateway = await insertGateway(t, org);
    boardId = (await insertBoard(t, org, gateway.id, 'BR21')).id;
    agentToken = (await insertAgent(t, gateway.id, boardId)).token;
  });
  afterAll(() => t?.close());

  it('step 1: POST /gateways with the user bearer reaches the gateway check (a closed port is a 502, not a 401)', async () => {
    // With a reachable gateway this is a 200: e2e/gateway/gateways-api.test.ts registers one with
    // the local user's bearer token on both gateway generations (PGlite and PostgreSQL).
    for (const scheme of ['Bearer', 'bearer']) {
      const res = await bearer(t, '/api/v1/gateways', `${scheme} ${TEST_TOKEN}`, 'POST', { name: 'Closed', url: 'ws://127.0.0.1:1', workspace_root: '/tmp/ws' });
      expect(res.statusCode, res.body).toBe(502);
    }
    expect((await bearer(t, '/api/v1/gateways', `Bearer ${random(60)}`, 'POST', { name: 'x', url: 'ws://127.0.0.1:1', workspace_root: '/tmp/ws' })).statusCode).toBe(401);
  });

  it('steps 2–4: on a route that takes users or agents, the user bearer is 200; a random one, another scheme or none is 401', async () => {
    const tasks = `/api/v1/boards/${boardId}/tasks`;
    expect((await bearer(t, tasks, `Bearer ${TEST_TOKEN}`)).statusCode).toBe(200);
    expect((await bearer(t, tasks, `bearer ${TEST_TOKEN}`)).statusCode).toBe(200);
    expect((await bearer(t, tasks, `BEARER ${TEST_TOKEN}`)).statusCode).toBe(200);
    // The same route with an agent token as a bearer: the agent path answers.
    expect((await bearer(t, tasks, `Bearer ${agentToken}`)).statusCode).toBe(200);
    for (const authorization of [`Bearer ${random(60)}`, `Token ${TEST_TOKEN}`, `Basic ${TEST_TOKEN}`, TEST_TOKEN, 'Bearer ', null]) {
      const res = await bearer(t, tasks, authorization);
      expect(res.statusCode, String(authorization)).toBe(401);
      expect(res.json()).toEqual({ detail: expect.any(String), request_id: expect.any(String) });
    }
  });
});

describe('BR-22: the local token must be strong, and is compared exactly and in constant time', () => {
  const load = (token: string) => loadConfig({ AUTH_MODE: 'local', LOCAL_AUTH_TOKEN: token }, '/nonexistent/.env');
  const refusal = (token: string) => {
    try {
      load(token);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error(`expected ${JSON.stringify(token)} to be refused`);
  };

  it('step 1: 49 random characters are refused, naming LOCAL_AUTH_TOKEN', () => {
    expect(refusal(random(49))).toContain('LOCAL_AUTH_TOKEN');
    expect(load(random(50)).localAuthToken).toHaveLength(50);
  });

  it('step 2: the example token is refused, padded or not (in any case, with spaces, or filled up to length)', () => {
    const example = 'replace-with-strong-random-token';
    for (const token of [
      example,
      `  ${example}  `,
      example.toUpperCase(),
      example.padEnd(50, 'x'),
      `${example}-${random(40)}`,
      `${random(20)}${example}${random(20)}`,
      'change-me'.padEnd(60, '-'),
      `CHANGEME${random(50)}`,
    ]) {
      expect(refusal(token), token).toContain('LOCAL_AUTH_TOKEN');
    }
  });

  it('steps 1–2 also hold for a token saved in the data directory and edited by hand', () => {
    for (const [saved, weak] of [['short', true], ['replace-with-strong-random-token'.padEnd(64, '0'), true], [random(64), false]] as const) {
      const dataDir = mkdtempSync(join(tmpdir(), 'mc-br22-'));
      try {
        writeFileSync(join(dataDir, LOCAL_TOKEN_FILE), `${saved}\n`, { mode: 0o600 });
        const config = loadConfig({ AUTH_MODE: 'local', DATA_DIR: dataDir, SECRETS_KEY: Buffer.alloc(32, 1).toString('base64') }, '/nonexistent/.env');
        const complete = () => completeConfig(config, createLogger({ ...config, log: { ...config.log, level: 'silent' } }));
        if (weak) expect(complete).toThrow(/LOCAL_AUTH_TOKEN/);
        else expect(complete().localAuthToken).toBe(saved);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  });

  describe('step 3: a 50-character token', () => {
    const token = random(50);
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ LOCAL_AUTH_TOKEN: token });
    });
    afterAll(() => t?.close());
    const me = (authorization: string | null) => bearer(t, '/api/v1/users/me', authorization);

    it('works exactly: minus its last character, with one more, or no header is 401', async () => {
      expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
      expect((await me(`Bearer ${token.slice(0, -1)}`)).statusCode).toBe(401);
      expect((await me(`Bearer ${token}x`)).statusCode).toBe(401);
      expect((await me(`Bearer x${token}`)).statusCode).toBe(401);
      expect((await me(null)).statusCode).toBe(401);
      // Documented in docs/security.md: whitespace around the token in the header value is ignored,
      // every time (a trailing space is 200 consistently).
      for (let i = 0; i < 3; i++) expect((await me(`Bearer ${token} `)).statusCode).toBe(200);
    });
  });

  it('step 4 (in code, not timed): both sides are hashed to fixed-length digests and compared with timingSafeEqual', () => {
    // The benchmark measures the timing; here the comparison is shown to be total (never throws on
    // a length mismatch, which is what a naive timingSafeEqual on the raw strings would do).
    const token = random(50);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token.slice(0, 49), token)).toBe(false);
    expect(tokenMatches(`${token.slice(0, 49)}?`, token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches('x'.repeat(10_000), token)).toBe(false);
  });
});
