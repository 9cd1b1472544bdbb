import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AGENT_AUTH_LIMIT, MEMORY_KEYS, WEBHOOK_INGEST_LIMIT } from '../../src/http/rate-limits';
import { createTestApp, type TestApp } from '../support/app';
import { insertAgent, insertBoard, insertGateway, localOrganizationId } from '../support/seed-rows';

// Client addresses come from X-Forwarded-For through a trusted proxy (the injecting test), so each
// test has its own bucket.
let t: TestApp;
let boardId: string;
let agentToken: string;
let webhookId: string;
let n = 0;
const freshIp = () => `198.51.100.${++n}`;

beforeAll(async () => {
  t = await createTestApp({ TRUSTED_PROXIES: '127.0.0.1' });
  const orgId = await localOrganizationId(t);
  const gateway = await insertGateway(t, orgId);
  boardId = (await insertBoard(t, orgId, gateway.id)).id;
  agentToken = (await insertAgent(t, gateway.id, boardId)).token;
  webhookId = (await t.api('POST', `/api/v1/boards/${boardId}/webhooks`, { body: { description: 'x' } })).json().id;
});
afterAll(() => t?.close());
afterEach(() => vi.useRealTimers());

const agentUrl = () => `/api/v1/agent/boards/${boardId}/webhooks/${randomUUID()}/payloads/${randomUUID()}`;
const agentCall = (ip: string, headers: Record<string, string>) =>
  t.app.inject({ method: 'GET', url: agentUrl(), headers: { 'x-forwarded-for': ip, ...headers } });
const ingest = (ip: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/boards/${boardId}/webhooks/${webhookId}`, payload: '{}', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip } });

async function statuses(count: number, call: () => Promise<{ statusCode: number }>) {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await call()).statusCode);
  return out;
}

describe('failed agent authentication limit (BR-09)', () => {
  it.each([
    ['X-Agent-Token', (i: number) => ({ 'x-agent-token': `bogus-${i}` })],
    ['Authorization: Bearer', (i: number) => ({ authorization: `Bearer bogus-${i}` })],
    ['a well-formed but unknown agent token', (i: number) => ({ 'x-agent-token': `mca_${'a'.repeat(15)}${i % 10}.${'b'.repeat(43)}` })],
  ])('20 failures per IP answer 401, the next ones 429 (%s)', async (_name, headers) => {
    const ip = freshIp();
    let i = 0;
    const seen = await statuses(25, () => agentCall(ip, headers(i++)));
    expect(seen).toEqual([...Array(AGENT_AUTH_LIMIT.max).fill(401), ...Array(5).fill(429)]);
    const limited = await agentCall(ip, headers(0));
    expect(limited.json()).toEqual({ detail: 'Too Many Requests', request_id: expect.any(String) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not affected.
    expect((await agentCall(freshIp(), headers(0))).statusCode).toBe(401);
  });

  it('a valid agent is never throttled, even from an IP whose window is closed', async () => {
    const ip = freshIp();
    await statuses(AGENT_AUTH_LIMIT.max + 3, () => agentCall(ip, { 'x-agent-token': 'bogus' }));
    expect((await agentCall(ip, { 'x-agent-token': 'bogus' })).statusCode).toBe(429);
    // The valid token reaches the route (404: the payload does not exist), many times over.
    const valid = await statuses(AGENT_AUTH_LIMIT.max + 5, () => agentCall(ip, { 'x-agent-token': agentToken }));
    expect(new Set(valid)).toEqual(new Set([404]));
  });

  it('successful requests do not count towards the limit', async () => {
    const ip = freshIp();
    await statuses(AGENT_AUTH_LIMIT.max * 2, () => agentCall(ip, { authorization: `Bearer ${agentToken}` }));
    expect((await agentCall(ip, { 'x-agent-token': 'bogus' })).statusCode).toBe(401);
  });

  it('a request without any credential is a plain 401 and does not count', async () => {
    const ip = freshIp();
    expect(new Set(await statuses(AGENT_AUTH_LIMIT.max + 5, () => agentCall(ip, {})))).toEqual(new Set([401]));
  });
});

describe('webhook ingest limit (BR-12)', () => {
  it('60 per minute per IP; sustained abuse keeps the window closed; it reopens after a quiet minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-01T00:00:00Z') });
    const ip = freshIp();
    expect(new Set(await statuses(WEBHOOK_INGEST_LIMIT.max, () => ingest(ip)))).toEqual(new Set([202]));
    expect((await ingest(ip)).statusCode).toBe(429);
    // Two attempts a second for the next minute: every one refused (each restarts the window).
    for (let second = 0; second < 60; second += 5) {
      vi.setSystemTime(Date.now() + 5_000);
      expect((await ingest(ip)).statusCode).toBe(429);
      expect((await ingest(ip)).statusCode).toBe(429);
    }
    vi.setSystemTime(Date.now() + WEBHOOK_INGEST_LIMIT.windowMs + 1_000);
    expect((await ingest(ip)).statusCode).toBe(202);
  });

  it('the agent-auth window also reopens after a quiet minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-02T00:00:00Z') });
    const ip = freshIp();
    await statuses(AGENT_AUTH_LIMIT.max + 5, () => agentCall(ip, { 'x-agent-token': 'bogus' }));
    expect((await agentCall(ip, { 'x-agent-token': 'bogus' })).statusCode).toBe(429);
    vi.setSystemTime(Date.now() + AGENT_AUTH_LIMIT.windowMs + 1_000);
    expect((await agentCall(ip, { 'x-agent-token': 'bogus' })).statusCode).toBe(401);
  });
});

describe('memory store', () => {
  it('is bounded: after MEMORY_KEYS other clients the oldest entry is gone', async () => {
    const limiter = t.app.rateLimits.agentAuth;
    const fake = (ip: string) => ({ clientIp: ip, routeOptions: { config: {} } }) as unknown as FastifyRequest;
    const first = 'memory-bound-first';
    for (let i = 0; i < AGENT_AUTH_LIMIT.max; i++) await limiter.hit(fake(first));
    // Up to MEMORY_KEYS clients are remembered…
    for (let i = 0; i < MEMORY_KEYS - 1; i++) await limiter.hit(fake(`memory-bound-a${i}`));
    expect((await limiter.hit(fake(first))).allowed).toBe(false);
    // …and no more: the least recently seen is forgotten.
    for (let i = 0; i < MEMORY_KEYS; i++) await limiter.hit(fake(`memory-bound-b${i}`));
    expect((await limiter.hit(fake(first))).allowed).toBe(true);
  });
});
