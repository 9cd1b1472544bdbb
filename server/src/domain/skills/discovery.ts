// Finding the skills of a cloned pack (§3.22): `skills_index.json` at the repository root when it
// parses, else every SKILL.md outside hidden directories. Reads the checkout only (symlinks are
// never followed) and caps what it reads, so a hostile repository cannot make it wander or balloon.
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isHttpUrl, prettify } from './rules';

export interface DiscoveredSkill {
  sourceUrl: string;
  name: string;
  description: string | null;
  category: string | null;
  risk: string | null;
  source: string | null;
  metadata: Record<string, unknown>;
}

export interface Discovery {
  skills: DiscoveredSkill[];
  warnings: string[];
}

const MAX_INDEX_BYTES = 20 * 1024 * 1024;
const MAX_SKILL_MD_BYTES = 64 * 1024;
const MAX_SKILLS = 5_000;
const MAX_DEPTH = 12;
const MAX_NAME = 200;
const MAX_TEXT = 2_000;

const cap = (text: string | null | undefined, max: number) => {
  const value = typeof text === 'string' ? text.trim() : '';
  return value ? value.slice(0, max) : null;
};

/** Strips `./`, leading and trailing `/` and a trailing `SKILL.md`. */
export function normalizeSkillPath(raw: string): string {
  let path = raw.trim().replace(/\\/g, '/');
  while (path.startsWith('./') || path.startsWith('/')) path = path.startsWith('./') ? path.slice(2) : path.slice(1);
  path = path.replace(/\/+$/, '').replace(/(^|\/)SKILL\.md$/i, '').replace(/\/+$/, '');
  return path;
}

const treeUrl = (repo: string, branch: string, path: string) => (path ? `${repo}/tree/${branch}/${path}` : `${repo}/tree/${branch}`);

/** Entries of a parsed skills_index.json (a top-level array, or `{skills: [...]}`), resolved to skills. */
export function skillsFromIndex(parsed: unknown, repo: string, branch: string): DiscoveredSkill[] {
  const entries = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object' && Array.isArray((parsed as { skills?: unknown }).skills)
      ? (parsed as { skills: unknown[] }).skills
      : null;
  if (!entries) throw new Error('skills_index.json holds neither an array nor an object with a "skills" array');
  const out: DiscoveredSkill[] = [];
  for (const entry of entries) {
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    const str = (key: string) => (typeof e[key] === 'string' ? (e[key] as string) : null);
    const rawSource = str('source_url')?.trim() ?? '';
    const path = normalizeSkillPath(str('path') ?? '');
    let sourceUrl: string | null = null;
    let resolved: string | null = null;
    if (rawSource && isHttpUrl(rawSource)) {
      sourceUrl = rawSource;
      const marker = rawSource.indexOf(`/tree/${branch}/`);
      resolved = marker >= 0 ? normalizeSkillPath(rawSource.slice(marker + `/tree/${branch}/`.length)) : path || null;
    } else {
      const relative = normalizeSkillPath(rawSource) || path;
      if (relative && !relative.split('/').includes('..')) {
        resolved = relative;
        sourceUrl = treeUrl(repo, branch, relative);
      }
    }
    if (!sourceUrl) continue;
    const lastSegment = (resolved ?? '').split('/').filter(Boolean).pop() ?? '';
    out.push({
      sourceUrl,
      name: cap(str('name'), MAX_NAME) ?? (prettify(lastSegment).slice(0, MAX_NAME) || 'Skill'),
      description: cap(str('description'), MAX_TEXT),
      category: cap(str('category'), MAX_NAME),
      risk: cap(str('risk'), MAX_NAME),
      source: resolved,
      metadata: {
        discovery_mode: 'skills_index',
        pack_branch: branch,
        ...(rawSource ? { source_url: rawSource } : {}),
        ...(resolved ? { resolved_path: resolved } : {}),
      },
    });
    if (out.length >= MAX_SKILLS) break;
  }
  return out;
}

/** name/description from a SKILL.md: front matter, else the first heading and first other line. */
export function parseSkillMarkdown(text: string): { name: string | null; description: string | null } {
  let body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const front: Record<string, string> = {};
  const match = /^---\n([\s\S]*?)\n---(?:\n|$)/.exec(body);
  if (match) {
    for (const line of match[1].split('\n')) {
      const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
      if (kv) front[kv[1].toLowerCase()] = kv[2].trim().replace(/^(['"])(.*)\1$/, '$2');
    }
    body = body.slice(match[0].length);
  }
  const lines = body.split('\n').map((l) => l.trim()).filter(Boolean);
  const heading = lines.find((l) => /^#{1,6}\s+\S/.test(l))?.replace(/^#{1,6}\s+/, '') ?? null;
  const firstText = lines.find((l) => !l.startsWith('#')) ?? null;
  return { name: cap(front.name || heading, MAX_NAME), description: cap(front.description || firstText, MAX_TEXT) };
}

async function readCapped(path: string, max: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(max);
    const { bytesRead } = await handle.read(buffer, 0, max, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Directories (relative, '' = root) holding a regular SKILL.md file, hidden directories skipped. */
async function skillDirs(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || found.length >= MAX_SKILLS) return;
    const entries = await readdir(join(root, relative), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((e) => e.isFile() && e.name === 'SKILL.md')) found.push(relative);
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) await walk(relative ? `${relative}/${entry.name}` : entry.name, depth + 1);
    }
  };
  await walk('', 0);
  return found;
}

/** Skills of the checkout at `dir` for the pack `repo` on `branch`. */
export async function discoverSkills(dir: string, repo: string, branch: string): Promise<Discovery> {
  const warnings: string[] = [];
  const byUrl = new Map<string, DiscoveredSkill>();
  const indexPath = join(dir, 'skills_index.json');
  const index = await lstat(indexPath).catch(() => null);
  let fromIndex: DiscoveredSkill[] | null = null;
  if (index?.isFile()) {
    if (index.size > MAX_INDEX_BYTES) {
      warnings.push(`skills_index.json is larger than ${MAX_INDEX_BYTES} bytes; scanned SKILL.md files instead`);
    } else {
      try {
        fromIndex = skillsFromIndex(JSON.parse(await readCapped(indexPath, MAX_INDEX_BYTES)), repo, branch);
      } catch (error) {
        warnings.push(`skills_index.json could not be used (${(error as Error).message.slice(0, 200)}); scanned SKILL.md files instead`);
      }
    }
  }
  if (fromIndex) {
    for (const skill of fromIndex) byUrl.set(skill.sourceUrl, skill);
  } else {
    for (const relative of await skillDirs(dir)) {
      const parsed = parseSkillMarkdown(await readCapped(join(dir, relative, 'SKILL.md'), MAX_SKILL_MD_BYTES));
      const sourceUrl = treeUrl(repo, branch, relative);
      const dirName = relative.split('/').pop() || repo.split('/').pop() || 'Skill';
      byUrl.set(sourceUrl, {
        sourceUrl,
        name: parsed.name ?? (prettify(dirName).slice(0, MAX_NAME) || 'Skill'),
        description: parsed.description,
        category: null,
        risk: null,
        source: relative || null,
        metadata: { discovery_mode: 'skills_md', pack_branch: branch, skill_dir: relative },
      });
    }
  }
  if (byUrl.size >= MAX_SKILLS) warnings.push(`only the first ${MAX_SKILLS} skills were read`);
  return { skills: [...byUrl.values()], warnings };
}
