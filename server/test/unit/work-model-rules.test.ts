import { describe, expect, it } from 'vitest';
import { boardGroupUpdatedMessage, boardUpdatedMessage, changedFields, goalProblem, groupMove, renderValue } from '../../src/domain/boards/rules';
import { slugify } from '../../src/domain/common/slug';
import { compilePattern, fullMatch, hasNestedQuantifier } from '../../src/domain/custom-fields/regex';
import { definitionProblem, parseFieldType, parseVisibility, valueProblem } from '../../src/domain/custom-fields/rules';
import { looksLikeEmail, mergeInvite, normalizeAccess, normalizeEmail } from '../../src/domain/organizations/rules';
import { normalizeColor, tagSlug } from '../../src/domain/tags/rules';

describe('slugify', () => {
  it.each([
    ['Launch Plan', 'launch-plan'],
    ['  --Hello__World!! ', 'hello-world'],
    ['Café Crème', 'cafe-creme'],
    ['日本語', '日本語'],
    ['Привет мир', 'привет-мир'],
    ['🚀', ''],
  ])('%s → %s', (input, output) => expect(slugify(input)).toBe(output));
});

describe('organizations rules', () => {
  it('normalizes e-mails', () => {
    expect(normalizeEmail('  A@B.Test ')).toBe('a@b.test');
    expect(looksLikeEmail('a@b.test')).toBe(true);
    expect(looksLikeEmail('nope')).toBe(false);
  });
  it('normalizeAccess merges repeats, write implies read, flags drop rows', () => {
    expect(normalizeAccess({ allBoardsRead: false, allBoardsWrite: false, boards: [{ boardId: 'b', canRead: false, canWrite: true }, { boardId: 'b', canRead: true, canWrite: false }, { boardId: 'c', canRead: false, canWrite: false }] })).toEqual({
      allBoardsRead: false,
      allBoardsWrite: false,
      boards: [{ boardId: 'b', canRead: true, canWrite: true }],
    });
    expect(normalizeAccess({ allBoardsRead: false, allBoardsWrite: true, boards: [{ boardId: 'b', canRead: true, canWrite: false }] })).toEqual({ allBoardsRead: true, allBoardsWrite: true, boards: [] });
  });
  it('mergeInvite upgrades but never downgrades the role and ORs access', () => {
    const merged = mergeInvite(
      { role: 'admin', allBoardsRead: false, allBoardsWrite: false, boards: [{ boardId: 'a', canRead: true, canWrite: false }] },
      { role: 'member', allBoardsRead: true, allBoardsWrite: false, boards: [{ boardId: 'a', canRead: false, canWrite: true }, { boardId: 'b', canRead: true, canWrite: false }] },
    );
    expect(merged).toEqual({ role: 'admin', allBoardsRead: true, allBoardsWrite: false, boards: [{ boardId: 'a', canRead: true, canWrite: true }, { boardId: 'b', canRead: true, canWrite: false }] });
    expect(mergeInvite({ role: 'member', allBoardsRead: false, allBoardsWrite: false, boards: [] }, { role: 'owner', allBoardsRead: false, allBoardsWrite: true, boards: [] })).toMatchObject({ role: 'owner', allBoardsRead: true, allBoardsWrite: true });
  });
});

describe('board rules', () => {
  const base = { boardType: 'goal', goalConfirmed: false, objective: null, successMetrics: null };
  it('goal boards', () => {
    expect(goalProblem(base)).toBeNull();
    expect(goalProblem({ ...base, goalConfirmed: true })).toBe('Confirmed goal boards require objective and success_metrics');
    expect(goalProblem(base, true)).toBe('Goal boards require objective and success_metrics');
    expect(goalProblem({ ...base, goalConfirmed: true, objective: 'o', successMetrics: { a: 1 } })).toBeNull();
    expect(goalProblem({ ...base, boardType: 'general', goalConfirmed: true })).toBeNull();
  });
  it('change set: only requested fields that changed, sorted; rendering', () => {
    const before = { name: 'a', maxAgents: 1, successMetrics: { b: 1, a: 2 }, targetDate: new Date('2026-01-01T00:00:00Z') };
    const after = { name: 'b', maxAgents: 1, successMetrics: { a: 2, b: 1 }, targetDate: new Date('2026-01-02T00:00:00Z') };
    const changes = changedFields(before, after, ['targetDate', 'name', 'maxAgents', 'successMetrics']);
    expect(changes.map((c) => c.field)).toEqual(['name', 'targetDate']);
    expect(renderValue(null)).toBe('null');
    expect(renderValue(true)).toBe('true');
    expect(renderValue({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
    const message = boardUpdatedMessage({ id: 'id1', name: 'Board' }, changes);
    expect(message).toContain('BOARD UPDATED');
    expect(message).toContain('- name: a -> b');
    expect(message).toContain('- targetDate: 2026-01-01T00:00:00.000Z -> 2026-01-02T00:00:00.000Z');
  });
  it('group notices name the boards and the group and differ for join and leave', () => {
    const input = { board: { id: 'b1', name: 'Mover' }, recipient: { id: 'b2', name: 'Peer' }, group: { id: 'g1', name: 'Launch' } };
    const join = boardGroupUpdatedMessage('join', input);
    expect(join.split('\n').slice(0, 4)).toEqual(['BOARD GROUP UPDATED', 'Joined Board: Mover (b1)', 'Recipient Board: Peer (b2)', 'Board Group: Launch (g1)']);
    const leave = boardGroupUpdatedMessage('leave', input);
    expect(leave).toContain('Left Board: Mover (b1)');
    expect(leave).not.toEqual(join.replace('Joined', 'Left'));
  });
  it('group moves', () => {
    expect(groupMove('g', 'g')).toEqual({ left: null, joined: null });
    expect(groupMove(null, 'g')).toEqual({ left: null, joined: 'g' });
    expect(groupMove('g', 'h')).toEqual({ left: 'g', joined: 'h' });
  });
});

describe('tag rules', () => {
  it('colours', () => {
    expect(normalizeColor(' #ABCDEF ')).toEqual({ color: 'abcdef' });
    expect(normalizeColor('')).toEqual({ error: 'color is required' });
    expect(normalizeColor('abcde')).toEqual({ error: 'color must be a 6-digit hex value' });
    expect(normalizeColor('gggggg')).toEqual({ error: 'color must be a 6-digit hex value' });
  });
  it('slugs', () => {
    expect(tagSlug(null, 'My Tag')).toBe('my-tag');
    expect(tagSlug('  ', 'My Tag')).toBe('my-tag');
    expect(tagSlug('Other', 'My Tag')).toBe('other');
    expect(tagSlug(null, '!!!')).toBe('tag');
  });
});

describe('custom field rules', () => {
  it('types, aliases and visibility', () => {
    expect(parseFieldType('Text (Long)')).toBe('text_long');
    expect(parseFieldType('true/false')).toBe('boolean');
    expect(parseFieldType('money')).toBeNull();
    expect(parseVisibility('if set')).toBe('if_set');
    expect(parseVisibility('HIDDEN')).toBe('hidden');
    expect(parseVisibility('x')).toBeNull();
  });
  it.each([
    ['integer', 3, null],
    ['integer', 3.5, 'must be an integer'],
    ['integer', true, 'must be an integer'],
    ['decimal', 3.5, null],
    ['decimal', '3.5', 'must be a number'],
    ['boolean', 'true', 'must be a boolean'],
    ['date', '2024-02-29', null],
    ['date', '2023-02-29', 'must be an ISO date (YYYY-MM-DD)'],
    ['date_time', '2026-03-10T10:00:00+05:30', null],
    ['date_time', '2026-03-10T25:00:00Z', 'must be an ISO date-time'],
    ['url', 'http://example.test', null],
    ['url', 'ftp://example.test', 'must be an http(s) URL'],
    ['json', [1], null],
    ['json', 'x', 'must be a JSON object or array'],
    ['text', 5, 'must be a string'],
    ['text', null, null],
  ] as const)('%s %j', (type, value, reason) => {
    expect(valueProblem({ fieldType: type, validationRegex: null }, value)).toBe(reason);
  });
  it('regex: full match, only for string types, must compile', () => {
    expect(valueProblem({ fieldType: 'text', validationRegex: '[a-z]+' }, 'abc')).toBeNull();
    expect(valueProblem({ fieldType: 'text', validationRegex: '[a-z]+' }, 'abc1')).toBe('does not match validation_regex');
    expect(definitionProblem({ fieldType: 'integer', validationRegex: 'x' }, null)).toMatch(/only supported/);
    expect(definitionProblem({ fieldType: 'text', validationRegex: '(' }, null)).toMatch(/invalid/);
    expect(definitionProblem({ fieldType: 'text', validationRegex: 'a'.repeat(501) }, null)).toMatch(/longer/);
    expect(definitionProblem({ fieldType: 'integer', validationRegex: null }, 'x')).toBe('default_value must be an integer');
  });
  it('a catastrophic pattern that slips past the static check times out instead of hanging', () => {
    const regex = /^(?:(a+)+)$/u;
    expect(fullMatch(regex, `${'a'.repeat(40)}!`, 50)).toBe('timeout');
    expect(fullMatch(regex, 'aaa')).toBe(true);
  });
  it.each([
    ['(a+)+', true],
    ['(\\w*x)*', true],
    ['(a{2,})+', true],
    ['((ab)*c)+', true],
    ['(?:[a-z]+\\d)*', true],
    ['[A-Z]{3}-\\d+', false],
    ['(a|b)*', false],
    ['(ab)+c*', false],
    ['[(+)]+', false],
    ['\\(a+\\)+', false],
    ['(a?)+', false],
    ['(a+)?', false],
    ['\\p{L}+(x)*', false],
  ])('nested repetition in %s: %s', (pattern, nested) => {
    expect(hasNestedQuantifier(pattern)).toBe(nested);
    if (nested) expect(compilePattern(pattern)).toEqual({ error: expect.stringMatching(/nests repetitions/) });
  });
});
