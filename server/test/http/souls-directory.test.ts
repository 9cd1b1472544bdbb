// Souls directory over HTTP (§2.10, §3.23) against a directory served on 127.0.0.1: the index
// comes from its sitemap (cached), the markdown is returned inside JSON only (BR-52).
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { insertAgent, insertBoard, insertGateway, localOrganizationId } from '../support/seed-rows';

const S = '/api/v1/souls-directory';
const XSS = '<script>alert(1)</script><img src=x onerror=alert(1)>';
let t: TestApp;
let server: Server;
let base: string;
let agentToken: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/sitemap.xml') {
      const locs = ['ada/engineer', 'ada/writer', 'bob/engineering-lead', 'carol/xss'].map((p) => `<url><loc>${base}/souls/${p}</loc></url>`);
      res.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0"?><urlset>${locs.join('')}<url><loc>${base}/blog/x</loc></url></urlset>`);
    } else if (req.url === '/api/souls/ada/engineer.md') {
      res.writeHead(200, { 'content-type': 'text/markdown' }).end('# Engineer\nBuilds things.');
    } else if (req.url === '/api/souls/carol/xss.md') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(XSS);
    } else {
      res.writeHead(404).end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  t = await createTestApp({ SOULS_DIRECTORY_URL: `${base}/` });
  const org = await localOrganizationId(t);
  const gateway = await insertGateway(t, org);
  agentToken = (await insertAgent(t, gateway.id, (await insertBoard(t, org, gateway.id)).id)).token;
});
afterAll(async () => {
  await t?.close();
  server?.close();
});

describe('souls directory', () => {
  it('searches the sitemap index (cached: fetched once)', async () => {
    const all = await t.api('GET', `${S}/search`);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().items).toHaveLength(4);
    expect(all.json().items[0]).toEqual({ handle: 'ada', slug: 'engineer', page_url: `${base}/souls/ada/engineer`, raw_md_url: `${base}/api/souls/ada/engineer.md` });
    const hits1 = (await t.api('GET', `${S}/search?q=ENGINEER&limit=1`)).json().items;
    expect(hits1.map((r: { slug: string }) => r.slug)).toEqual(['engineer']);
    expect((await t.api('GET', `${S}/search?q=bob/`)).json().items.map((r: { slug: string }) => r.slug)).toEqual(['engineering-lead']);
    expect(hits.filter((h) => h === '/sitemap.xml')).toHaveLength(1);
    for (const bad of ['limit=0', 'limit=101', 'limit=x']) expect((await t.api('GET', `${S}/search?${bad}`)).statusCode).toBe(422);
  });

  it('returns markdown as JSON on both routes, for users and agents', async () => {
    for (const url of [`${S}/ada/engineer`, `${S}/ada/engineer.md`]) {
      const res = await t.api('GET', url);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ handle: 'ada', slug: 'engineer', content: '# Engineer\nBuilds things.' });
    }
    const asAgent = await t.app.inject({ method: 'GET', url: `${S}/ada/engineer.md`, headers: { 'x-agent-token': agentToken } });
    expect(asAgent.statusCode).toBe(200);
    expect((await t.api('GET', `${S}/ada/engineer`, { token: null })).statusCode).toBe(401);
    expect((await t.api('GET', `${S}/search`, { token: null })).statusCode).toBe(401);
  });

  it('BR-52: markup served as text/html upstream comes back as an inert JSON string', async () => {
    const res = await t.api('GET', `${S}/carol/xss.md`, { headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.json().content).toBe(XSS);
  });

  it('checks handle and slug (422) and reports directory failures as 502', async () => {
    const bad = await t.api('GET', `${S}/ada.x/engineer`);
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.json().detail)).toContain('handle contains unsupported characters');
    const blank = await t.api('GET', `${S}/ada/%20.md`);
    expect(blank.statusCode).toBe(422);
    expect(JSON.stringify(blank.json().detail)).toContain('slug is required');
    const missing = await t.api('GET', `${S}/ada/nobody`);
    expect(missing.statusCode).toBe(502);
    expect(missing.json().detail).toContain('HTTP 404');
  });

  it('an unreachable directory is a 502 from search too', async () => {
    const other = await createTestApp({ SOULS_DIRECTORY_URL: 'http://127.0.0.1:9' });
    try {
      const res = await other.api('GET', `${S}/search`);
      expect(res.statusCode).toBe(502);
      expect(res.json().detail).toMatch(/^souls directory request failed/);
    } finally {
      await other.close();
    }
  });
});
