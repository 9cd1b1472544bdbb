// Skills marketplace and skill packs over HTTP (§2.11, §3.22), on both databases. Pack sync
// clones real git repositories: SKILL_PACK_GIT_MIRROR points git at a file:// directory holding
// `<owner>/<repo>` repositories, while pack URLs are still validated as github.com URLs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { count, createTenants, unknownId, type Tenants } from '../support/tenants';

const M = '/api/v1/skills/marketplace';
const P = '/api/v1/skills/packs';
let tn: Tenants;
let f: TwoOrgs;
let mirror: string;
let refusing: WebSocketServer;

function repo(path: string, files: Record<string, string>, branches: Record<string, Record<string, string>> = {}) {
  const dir = join(mirror, path);
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  const write = (set: Record<string, string>) => {
    for (const [file, content] of Object.entries(set)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), content);
    }
    git('add', '-A');
    git('commit', '-q', '-m', 'skills');
  };
  write(files);
  for (const [branch, set] of Object.entries(branches)) {
    git('checkout', '-q', '-b', branch);
    write(set);
    git('checkout', '-q', 'main');
  }
}

beforeAll(async () => {
  mirror = mkdtempSync(join(tmpdir(), 'mc-pack-mirror-'));
  repo('acme/skills', { 'README.md': '# pack', 'writing/SKILL.md': '---\nname: Writer\ndescription: Writes copy\n---\n', 'research/deep_dive/SKILL.md': '# Deep Dive\nDigs in.', '.hidden/x/SKILL.md': '# Hidden' }, { dev: { 'dev-only/SKILL.md': '# Dev Only' } });
  repo('acme/indexed', { 'skills_index.json': JSON.stringify({ skills: [{ path: 'skills/seo/SKILL.md', name: 'SEO', category: 'Marketing', risk: 'Low', description: 'Search' }] }) });
  tn = await createTenants({ SKILL_PACK_GIT_MIRROR: `file://${mirror}`, GATEWAY_COORDINATION_TIMEOUT_SECONDS: '2' });
  f = await twoOrgs(tn);
  // A "gateway" that refuses every connection as unauthorized: a gateway error without waiting.
  refusing = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  refusing.on('connection', (socket) => socket.close(1008, 'unauthorized: gateway token mismatch'));
  await new Promise((resolve) => refusing.once('listening', resolve));
});
afterAll(async () => {
  refusing?.close();
  await tn?.close();
  rmSync(mirror, { recursive: true, force: true });
});

const skill = async (who: string, body: Record<string, unknown>) => {
  const res = await tn.as(who, 'POST', M, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('marketplace skills', () => {
  it('creates with a name from the URL and upserts by exact source URL', async () => {
    const created = await skill('alice', { source_url: 'https://example.test/skills/release-notes_writer.git' });
    expect(created).toMatchObject({ organization_id: f.orgA, name: 'release notes writer', description: null, source: 'https://example.test/skills/release-notes_writer.git', metadata: {} });
    const again = await skill('alice', { source_url: 'https://example.test/skills/release-notes_writer.git', description: 'Drafts notes' });
    expect(again).toMatchObject({ id: created.id, name: 'release notes writer', description: 'Drafts notes' });
    const renamed = await skill('alice', { source_url: 'https://example.test/skills/release-notes_writer.git', name: 'Notes' });
    expect(renamed).toMatchObject({ id: created.id, name: 'Notes', description: 'Drafts notes' });
  });

  it.each([
    [{}, 'source_url'],
    [{ source_url: 'ftp://example.test/x' }, 'source_url must be an absolute http(s) URL'],
    [{ source_url: 'not a url' }, 'source_url must be an absolute http(s) URL'],
    [{ source_url: 'https://example.test/x', name: 'x'.repeat(201) }, 'name'],
  ])('422 for %j', async (body, message) => {
    const res = await tn.as('alice', 'POST', M, body);
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(res.json().detail)).toContain(message);
  });

  it('org admins only: a member gets 403, an admin works', async () => {
    expect((await tn.as('carol', 'GET', `${M}?gateway_id=${f.gatewayA}`)).statusCode).toBe(403);
    expect((await tn.as('carol', 'POST', M, { source_url: 'https://example.test/c' })).statusCode).toBe(403);
    expect((await tn.as('carol', 'GET', P)).statusCode).toBe(403);
    expect((await tn.as('dave', 'GET', `${M}?gateway_id=${f.gatewayA}`)).statusCode).toBe(200);
  });

  it('lists for a gateway of the organization only', async () => {
    expect((await tn.as('alice', 'GET', M)).statusCode).toBe(422);
    expect((await tn.as('alice', 'GET', `${M}?gateway_id=not-a-uuid`)).statusCode).toBe(422);
    const foreign = await tn.as('alice', 'GET', `${M}?gateway_id=${f.gatewayB}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toBe('Gateway not found');
    expect((await tn.as('alice', 'GET', `${M}?gateway_id=${f.gatewayA}&pack_id=${unknownId()}`)).json().detail).toBe('Skill pack not found');
  });

  it('filters by category, risk (uncategorized = blank) and search; pages with headers', async () => {
    await tn.t.services.database.query(
      `INSERT INTO marketplace_skills (organization_id, name, description, category, risk, source_url, created_at)
       VALUES ($1, 'Alpha', 'first one', ' Dev ', 'LOW', 'https://f.test/a', now() - interval '3 minutes'),
              ($1, 'Beta', 'second', 'dev', NULL, 'https://f.test/b', now() - interval '2 minutes'),
              ($1, 'Gamma', 'third', '  ', 'high', 'https://f.test/c', now() - interval '1 minute'),
              ($2, 'Other org', 'alpha', 'dev', 'low', 'https://f.test/a', now())`,
      [f.orgA, f.orgB],
    );
    const names = async (query: string) => {
      const res = await tn.as('alice', 'GET', `${M}?gateway_id=${f.gatewayA}&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { name: string; source_url: string }[]).filter((s) => s.source_url.startsWith('https://f.test/')).map((s) => s.name);
    };
    expect(await names('category=DEV')).toEqual(['Beta', 'Alpha']);
    expect(await names('category=uncategorized')).toEqual(['Gamma']);
    expect(await names('risk=low')).toEqual(['Alpha']);
    expect(await names('risk=uncategorized')).toEqual(['Beta']);
    expect(await names('search=FIRST')).toEqual(['Alpha']);
    expect(await names('search=%25')).toEqual([]);

    const all = await tn.as('alice', 'GET', `${M}?gateway_id=${f.gatewayA}`);
    expect(all.headers['x-total-count']).toBeUndefined();
    const page = await tn.as('alice', 'GET', `${M}?gateway_id=${f.gatewayA}&category=dev&limit=1&offset=1`);
    expect(page.json().map((s: { name: string }) => s.name)).toEqual(['Alpha']);
    expect([page.headers['x-total-count'], page.headers['x-limit'], page.headers['x-offset']]).toEqual(['2', '1', '1']);
    expect(page.json()[0]).toMatchObject({ installed: false, installed_at: null });
    for (const bad of ['limit=0', 'limit=201', 'offset=-1']) expect((await tn.as('alice', 'GET', `${M}?gateway_id=${f.gatewayA}&${bad}`)).statusCode).toBe(422);
  });

  it('shows install state per gateway; delete removes install rows and the skill; foreign ids are 404', async () => {
    const s = await skill('alice', { source_url: 'https://example.test/installed' });
    await tn.t.services.database.query('INSERT INTO gateway_installed_skills (gateway_id, skill_id) VALUES ($1, $2)', [f.gatewayA, s.id]);
    const card = (await tn.as('alice', 'GET', `${M}?gateway_id=${f.gatewayA}&search=installed`)).json()[0];
    expect(card).toMatchObject({ id: s.id, installed: true });
    expect(card.installed_at).toMatch(/Z$/);
    expect((await tn.as('bob', 'DELETE', `${M}/${s.id}`)).statusCode).toBe(404);
    expect((await tn.as('alice', 'DELETE', `${M}/${s.id}`)).statusCode).toBe(200);
    expect((await tn.as('alice', 'DELETE', `${M}/${s.id}`)).statusCode).toBe(404);
    expect(await count(tn.t, 'SELECT count(*) FROM gateway_installed_skills WHERE skill_id = $1', [s.id])).toBe(0);
  });

  it('install/uninstall: foreign skill or gateway is 404, a gateway error is 502 and records nothing', async () => {
    const s = await skill('alice', { source_url: 'https://example.test/to-install' });
    const bobs = await skill('bob', { source_url: 'https://example.test/bobs' });
    expect((await tn.as('alice', 'POST', `${M}/${s.id}/install`)).statusCode).toBe(422);
    expect((await tn.as('alice', 'POST', `${M}/${s.id}/install?gateway_id=${f.gatewayB}`)).json().detail).toBe('Gateway not found');
    expect((await tn.as('alice', 'POST', `${M}/${bobs.id}/install?gateway_id=${f.gatewayA}`)).json().detail).toBe('Skill not found');
    expect((await tn.as('carol', 'POST', `${M}/${s.id}/install?gateway_id=${f.gatewayA}`)).statusCode).toBe(403);
    const port = (refusing.address() as { port: number }).port;
    await tn.t.services.database.query('UPDATE gateways SET url = $1 WHERE id = $2', [`ws://127.0.0.1:${port}`, f.gatewayA]);
    for (const action of ['install', 'uninstall']) {
      const res = await tn.as('alice', 'POST', `${M}/${s.id}/${action}?gateway_id=${f.gatewayA}`);
      expect(res.statusCode, res.body).toBe(502);
      expect(res.json().detail).toMatch(/^Gateway error: /);
    }
    expect(await count(tn.t, 'SELECT count(*) FROM gateway_installed_skills WHERE skill_id = $1', [s.id])).toBe(0);
  });
});

describe('skill packs', () => {
  it('a new personal organization starts with the two default packs', async () => {
    const packs = (await tn.as('bob', 'GET', P)).json();
    expect(packs.map((p: { source_url: string }) => p.source_url).sort()).toEqual([
      'https://github.com/BrianRWagner/ai-marketing-skills',
      'https://github.com/sickn33/antigravity-awesome-skills',
    ]);
    expect(packs[0]).toMatchObject({ branch: 'main', metadata: {}, skill_count: 0 });
  });

  it('normalizes and upserts by URL; bad URLs are 400 with the reason; bad branches become main', async () => {
    const created = await tn.as('alice', 'POST', P, { source_url: ' https://github.com/acme/tools.git/ ', branch: 'x; rm -rf /', metadata: { team: 'a' } });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ source_url: 'https://github.com/acme/tools', name: 'tools', branch: 'main', description: null, metadata: { team: 'a' }, skill_count: 0 });
    const again = await tn.as('alice', 'POST', P, { source_url: 'https://github.com/acme/tools', description: 'Tools', branch: 'release/1' });
    expect(again.json()).toMatchObject({ id: created.json().id, name: 'tools', description: 'Tools', branch: 'release/1', metadata: {} });
    for (const [url, reason] of [
      ['http://github.com/acme/x', 'https'],
      ['file:///etc', 'https'],
      ['https://localhost/acme/x', 'localhost'],
      ['https://127.0.0.1/acme/x', 'IP address'],
      ['https://[::1]/acme/x', 'IP address'],
      ['https://gitlab.com/acme/x', 'github.com'],
      ['https://github.com/acme', 'owner and repository'],
    ]) {
      const res = await tn.as('alice', 'POST', P, { source_url: url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().detail).toContain(reason);
    }
    expect((await tn.as('alice', 'POST', P, {})).statusCode).toBe(422);
    expect((await tn.as('alice', 'POST', P, { source_url: 'https://github.com/a/b', metadata: 'x' })).statusCode).toBe(422);
  });

  it('PATCH replaces the pack; another pack’s URL is a 409; foreign packs are 404', async () => {
    const one = (await tn.as('alice', 'POST', P, { source_url: 'https://github.com/acme/one', name: 'One', description: 'first' })).json();
    await tn.as('alice', 'POST', P, { source_url: 'https://github.com/acme/two' });
    const replaced = await tn.as('alice', 'PATCH', `${P}/${one.id}`, { source_url: 'https://github.com/acme/uno.git' });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({ id: one.id, name: 'uno', description: null, source_url: 'https://github.com/acme/uno', branch: 'main' });
    const clash = await tn.as('alice', 'PATCH', `${P}/${one.id}`, { source_url: 'https://github.com/acme/two/' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().detail).toBe('A pack with this source URL already exists');
    expect((await tn.as('alice', 'PATCH', `${P}/${one.id}`, { source_url: 'ssh://github.com/acme/two' })).statusCode).toBe(400);
    for (const [method, url] of [['GET', `${P}/${one.id}`], ['PATCH', `${P}/${one.id}`], ['DELETE', `${P}/${one.id}`], ['POST', `${P}/${one.id}/sync`]]) {
      const res = await tn.as('bob', method, url, method === 'PATCH' ? { source_url: 'https://github.com/bob/x' } : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await tn.as('alice', 'GET', `${P}/${one.id}`)).json().source_url).toBe('https://github.com/acme/uno');
    expect((await tn.as('alice', 'GET', `${P}/${unknownId()}`)).statusCode).toBe(404);
  });

  it('sync clones the pack branch, discovers SKILL.md files and upserts; skills survive pack deletion', async () => {
    const pack = (await tn.as('alice', 'POST', P, { source_url: 'https://github.com/acme/skills', branch: 'dev' })).json();
    const first = await tn.as('alice', 'POST', `${P}/${pack.id}/sync`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ ok: true, pack_id: pack.id, synced: 3, created: 3, updated: 0, warnings: [] });
    const listed = (await tn.as('alice', 'GET', `${M}?gateway_id=${f.gatewayA}&pack_id=${pack.id}`)).json();
    expect(listed.map((s: { source_url: string }) => s.source_url).sort()).toEqual([
      'https://github.com/acme/skills/tree/dev/dev-only',
      'https://github.com/acme/skills/tree/dev/research/deep_dive',
      'https://github.com/acme/skills/tree/dev/writing',
    ]);
    expect(listed.find((s: { name: string }) => s.name === 'Writer')).toMatchObject({ description: 'Writes copy', source: 'writing', metadata: { discovery_mode: 'skills_md', pack_branch: 'dev', skill_dir: 'writing' } });
    expect((await tn.as('alice', 'GET', `${P}/${pack.id}`)).json().skill_count).toBe(3);
    const second = (await tn.as('alice', 'POST', `${P}/${pack.id}/sync`)).json();
    expect(second).toMatchObject({ synced: 3, created: 0, updated: 3 });
    expect((await tn.as('alice', 'DELETE', `${P}/${pack.id}`)).statusCode).toBe(200);
    expect(await count(tn.t, `SELECT count(*) FROM marketplace_skills WHERE source_url LIKE 'https://github.com/acme/skills/%'`)).toBe(3);
  });

  it('a missing branch falls back to the default branch with a warning; skills_index.json is read', async () => {
    const pack = (await tn.as('alice', 'POST', P, { source_url: 'https://github.com/acme/indexed', branch: 'nope' })).json();
    const res = await tn.as('alice', 'POST', `${P}/${pack.id}/sync`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ synced: 1, created: 1 });
    expect(res.json().warnings).toHaveLength(1);
    expect(res.json().warnings[0]).toMatch(/branch "nope" could not be cloned .*used the default branch/);
    const [seo] = (await tn.as('alice', 'GET', `${M}?gateway_id=${f.gatewayA}&pack_id=${pack.id}`)).json();
    expect(seo).toMatchObject({ name: 'SEO', category: 'Marketing', risk: 'Low', source_url: 'https://github.com/acme/indexed/tree/main/skills/seo', metadata: { discovery_mode: 'skills_index', pack_branch: 'main' } });
  });

  it('a repository that cannot be cloned is a 502 with the reason', async () => {
    const pack = (await tn.as('alice', 'POST', P, { source_url: 'https://github.com/acme/missing' })).json();
    const res = await tn.as('alice', 'POST', `${P}/${pack.id}/sync`);
    expect(res.statusCode).toBe(502);
    expect(res.json().detail).toMatch(/^unable to clone pack repository: /);
  });
});
