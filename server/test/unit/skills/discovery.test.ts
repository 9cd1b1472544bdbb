import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverSkills, normalizeSkillPath, parseSkillMarkdown, skillsFromIndex } from '../../../src/domain/skills/discovery';

const repo = 'https://github.com/acme/pack';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mc-discovery-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('skill discovery', () => {
  it('normalizes index paths', () => {
    expect(normalizeSkillPath('./skills/a/SKILL.md')).toBe('skills/a');
    expect(normalizeSkillPath('/skills/b/')).toBe('skills/b');
    expect(normalizeSkillPath('SKILL.md')).toBe('');
  });

  it('reads front matter, else the first heading and first line', () => {
    expect(parseSkillMarkdown('---\nname: "Writer"\ndescription: Writes things\n---\n# Other\nBody')).toEqual({ name: 'Writer', description: 'Writes things' });
    expect(parseSkillMarkdown('# Heading Name\n\nFirst line.\nSecond')).toEqual({ name: 'Heading Name', description: 'First line.' });
    expect(parseSkillMarkdown('')).toEqual({ name: null, description: null });
  });

  it('resolves index entries: relative paths, absolute URLs, entries without a URL skipped', () => {
    const skills = skillsFromIndex(
      { skills: [{ path: './skills/seo-audit/SKILL.md', category: 'Marketing', risk: 'low' }, { source_url: 'https://github.com/x/y/tree/main/tools/z', name: 'Zed' }, { name: 'nothing' }, { path: '../escape' }] },
      repo,
      'main',
    );
    expect(skills.map((s) => [s.sourceUrl, s.name, s.source])).toEqual([
      [`${repo}/tree/main/skills/seo-audit`, 'seo audit', 'skills/seo-audit'],
      ['https://github.com/x/y/tree/main/tools/z', 'Zed', 'tools/z'],
    ]);
    expect(skills[0]).toMatchObject({ category: 'Marketing', risk: 'low', metadata: { discovery_mode: 'skills_index', pack_branch: 'main', resolved_path: 'skills/seo-audit' } });
    expect(() => skillsFromIndex({ nope: 1 }, repo, 'main')).toThrow(/skills/);
  });

  it('scans SKILL.md files outside hidden directories, never following symlinks', async () => {
    const root = tree({
      'SKILL.md': '# Root skill\nAt the top.',
      'skills/alpha/SKILL.md': '---\nname: Alpha\ndescription: First\n---\n',
      'skills/beta_two/SKILL.md': 'no heading here',
      '.github/hidden/SKILL.md': '# Hidden',
    });
    const outside = tree({ 'leak/SKILL.md': '# Outside' });
    symlinkSync(join(outside, 'leak'), join(root, 'skills', 'linked'));
    const { skills, warnings } = await discoverSkills(root, repo, 'dev');
    expect(warnings).toEqual([]);
    expect(skills.map((s) => [s.sourceUrl, s.name, s.description])).toEqual([
      [`${repo}/tree/dev`, 'Root skill', 'At the top.'],
      [`${repo}/tree/dev/skills/alpha`, 'Alpha', 'First'],
      [`${repo}/tree/dev/skills/beta_two`, 'beta two', 'no heading here'],
    ]);
    expect(skills[1].metadata).toEqual({ discovery_mode: 'skills_md', pack_branch: 'dev', skill_dir: 'skills/alpha' });
  });

  it('an unusable skills_index.json is a warning and the scan is used', async () => {
    const root = tree({ 'skills_index.json': '{not json', 'a/SKILL.md': '# A' });
    const { skills, warnings } = await discoverSkills(root, repo, 'main');
    expect(skills.map((s) => s.name)).toEqual(['A']);
    expect(warnings[0]).toMatch(/skills_index\.json could not be used/);
  });

  it('duplicates by source URL collapse, last wins', async () => {
    const root = tree({ 'skills_index.json': JSON.stringify([{ path: 'a', name: 'first' }, { path: 'a/', name: 'second' }]) });
    expect((await discoverSkills(root, repo, 'main')).skills.map((s) => s.name)).toEqual(['second']);
  });
});
