import { describe, expect, it } from 'vitest';
import {
  checkInCommand,
  PROTOCOL_4_FILES,
  tokenFromWorkspaceText,
  wakeMessage,
  workspaceFiles,
  type AgentRole,
  type WorkspaceContext,
} from '../../src/domain/agents/workspace';

const board = {
  id: 'b0000000-0000-4000-8000-000000000001',
  name: 'Launch',
  type: 'goal',
  objective: 'Ship v1',
  successMetrics: { users: 100 },
  targetDate: new Date('2027-01-31T00:00:00Z'),
  goalConfirmed: true,
  requireApprovalForDone: true,
  requireReviewBeforeDone: false,
  commentRequiredForReview: true,
  blockStatusChangesWithPendingApproval: false,
  onlyLeadCanChangeStatus: false,
  maxAgents: 2,
};

function ctx(role: AgentRole, protocol: 3 | 4, extra: Partial<WorkspaceContext> = {}): WorkspaceContext {
  return {
    role,
    protocol,
    agent: { id: 'a0000000-0000-4000-8000-000000000002', name: 'Ada', sessionKey: 'agent:mc-a:main', workspacePath: '/ws/workspace-mc-a', token: 'mca_PREFIXPREFIXPREF.secret' },
    baseUrl: 'http://127.0.0.1:8000',
    workspaceRoot: '/ws',
    mainSessionKey: 'agent:mc-gateway-g:main',
    board: role === 'main' ? null : board,
    user: { name: 'Grace Hopper', email: 'grace@example.test', preferredName: null, pronouns: 'she/her', timezone: 'Europe/Paris', notes: null, context: null },
    identity: null,
    identityTemplate: null,
    soulTemplate: null,
    ...extra,
  };
}

describe('workspace files', () => {
  it.each(['main', 'lead', 'worker'] as const)('protocol 4 (%s): only files the gateway accepts, token and check-in inside AGENTS.md', (role) => {
    const files = workspaceFiles(ctx(role, 4));
    expect(Object.keys(files).sort()).toEqual([...PROTOCOL_4_FILES].sort());
    expect(tokenFromWorkspaceText(files['AGENTS.md'])).toBe('mca_PREFIXPREFIXPREF.secret');
    expect(files['AGENTS.md']).toContain(checkInCommand(ctx(role, 4)));
    expect(files['BOOTSTRAP.md']).toContain(checkInCommand(ctx(role, 4)));
  });

  it.each(['main', 'lead', 'worker'] as const)('protocol 3 (%s): TOOLS.md and HEARTBEAT.md carry the connection and routine', (role) => {
    const files = workspaceFiles(ctx(role, 3));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['TOOLS.md', 'HEARTBEAT.md']));
    expect(tokenFromWorkspaceText(files['TOOLS.md'])).toBe('mca_PREFIXPREFIXPREF.secret');
    expect(tokenFromWorkspaceText(files['AGENTS.md'])).toBeNull();
    expect(files['HEARTBEAT.md']).toContain('/api/v1/agent/heartbeat');
    expect(files['HEARTBEAT.md'].length).toBeLessThanOrEqual(20_000);
  });

  it('the token appears in no file but the connection one, and every file ends with one newline', () => {
    for (const protocol of [3, 4] as const) {
      const files = workspaceFiles(ctx('worker', protocol));
      const holders = Object.entries(files).filter(([, text]) => text.includes('AUTH_TOKEN=')).map(([name]) => name);
      expect(holders).toEqual([protocol === 3 ? 'TOOLS.md' : 'AGENTS.md']);
      for (const text of Object.values(files)) expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
    }
  });

  it('board rules and the board context are written for board agents only', () => {
    const lead = workspaceFiles(ctx('lead', 4));
    expect(lead['AGENTS.md']).toContain('linked to it is approved');
    expect(lead['AGENTS.md']).toContain('needs a comment');
    expect(lead['AGENTS.md']).not.toContain('Only the board lead changes task status');
    expect(lead['MEMORY.md']).toContain('Ship v1');
    expect(lead['MEMORY.md']).toContain('2027-01-31');
    const main = workspaceFiles(ctx('main', 4));
    expect(main['AGENTS.md']).toContain('lead/message');
    expect(main['MEMORY.md']).not.toContain('Ship v1');
  });

  it('addresses the human by the first word of their name when no preferred name is set', () => {
    expect(workspaceFiles(ctx('worker', 4))['USER.md']).toContain('Address them as: Grace');
  });

  it('custom identity and soul templates replace the defaults, with known placeholders filled', () => {
    const files = workspaceFiles(ctx('worker', 4, { identityTemplate: 'I am {{ agent_name }} on {{board_name}} {{ unknown }}', soulTemplate: 'Calm.' }));
    expect(files['IDENTITY.md']).toBe('I am Ada on Launch {{ unknown }}\n');
    expect(files['SOUL.md']).toBe('Calm.\n');
  });

  it('the wake message names the agent and points to BOOTSTRAP.md and AGENTS.md', () => {
    const text = wakeMessage(ctx('worker', 4), 'provisioned');
    expect(text).toContain('Hello Ada');
    expect(text).toContain('provisioned');
    expect(text).toContain('BOOTSTRAP.md');
  });
});
