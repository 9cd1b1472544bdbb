// @mention parsing and matching (spec 3.7).
import { describe, expect, it } from 'vitest';
import { extractMentions, matchMentionedAgents, type AgentRef } from '../../../src/domain/tasks';
import { BOARD, LEAD, W1, W2 } from './fixtures';

const ADA: AgentRef = { id: 'ada', name: 'Ada Lovelace', board_id: BOARD, is_board_lead: false };
const agents = [LEAD, W1, W2, ADA];
const names = (text: string) => matchMentionedAgents(text, agents).map((a) => a.name);

describe('extractMentions', () => {
  it.each([
    { text: 'hi @Alex and @bob-2!', tokens: ['alex', 'bob-2'] },
    { text: '@lead please look', tokens: ['lead'] },
    { text: 'no mentions here', tokens: [] },
    { text: '@1abc starts with a digit', tokens: [] },
    { text: 'mail ops@example.com is not a mention', tokens: [] },
    { text: '(@Alex) and "@Bob_x"', tokens: ['alex', 'bob_x'] },
    { text: `@${'a'.repeat(40)}`, tokens: ['a'.repeat(32)] },
  ])('$text', ({ text, tokens }) => {
    expect([...extractMentions(text)]).toEqual(tokens);
  });
});

describe('matchMentionedAgents', () => {
  it.each([
    { text: '@alex', expected: ['Alex'] },
    { text: '@BOB-2 ping', expected: ['bob-2'] },
    { text: '@lead', expected: ['Lena Lead'] },
    { text: '@lena (first name of the lead)', expected: ['Lena Lead'] },
    { text: '@ada', expected: ['Ada Lovelace'] },
    { text: '@ada-lovelace', expected: ['Ada Lovelace'] },
    { text: '@lovelace (last names do not match)', expected: [] },
    { text: 'nobody', expected: [] },
  ])('$text', ({ text, expected }) => {
    expect(names(text)).toEqual(expected);
  });

  it('@lead matches only leads', () => {
    expect(matchMentionedAgents('@lead', [W1, W2])).toEqual([]);
  });

  it('an agent with an empty name never matches', () => {
    expect(matchMentionedAgents('@x', [{ ...W1, name: '  ' }])).toEqual([]);
  });

  it('@all only in group chat mode', () => {
    expect(matchMentionedAgents('@all', agents)).toEqual([]);
    expect(matchMentionedAgents('@all', agents, { includeAll: true })).toEqual(agents);
  });
});
