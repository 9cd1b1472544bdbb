// The scripted model is test infrastructure, but the gateway tests trust its directives.
import { describe, expect, it } from 'vitest';
import { decideReply, HAND_IN_COMMENT } from '../../../../e2e/gateway/harness/fake-model';
import { workspaceFiles, type WorkspaceContext } from '../../../src/domain/agents/workspace';
import { renderTaskNotification } from '../../../src/domain/tasks/messages';
import { notify } from '../../../src/domain/tasks/notifications';

const internal = (text: string) => `<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>\n${text}\n<<<END_OPENCLAW_INTERNAL_CONTEXT>>>`;

describe('fake model directives', () => {
  it('replies exactly with REPLY_WITH text, also when it sits in the internal context', () => {
    expect(decideReply([{ role: 'system', content: 'x' }, { role: 'user', content: '[Thu 2026-12-03 15:25 UTC] hi\nREPLY_WITH: pong-42 ' }]).reply).toEqual({ kind: 'text', text: 'pong-42' });
    const wake = [{ role: 'user', content: 'heartbeat' }, { role: 'user', content: [{ type: 'text', text: internal('System: [t] REPLY_WITH: WAKE-ACK') }] }];
    expect(decideReply(wake).reply).toEqual({ kind: 'text', text: 'WAKE-ACK' });
  });

  it('asks for exec on TOOL_EXEC and reports the tool output afterwards', () => {
    const ask = [{ role: 'user', content: 'TOOL_EXEC: echo hi' }];
    expect(decideReply(ask).reply).toEqual({ kind: 'tool', command: 'echo hi' });
    const done = [...ask, { role: 'assistant', content: null }, { role: 'tool', content: 'hi\n' }];
    expect(decideReply(done).reply).toEqual({ kind: 'text', text: 'EXEC-DONE: hi' });
    // The gateway may append its internal-context message after the tool result.
    expect(decideReply([...done, { role: 'user', content: internal('ctx') }]).reply).toEqual({ kind: 'text', text: 'EXEC-DONE: hi' });
  });

  it('otherwise echoes the last visible line, ignoring internal context', () => {
    const messages = [{ role: 'user', content: 'first\nsecond' }, { role: 'user', content: internal('noise') }];
    expect(decideReply(messages).reply).toEqual({ kind: 'text', text: 'FAKE-REPLY: second' });
  });

  // The hand-in reads our real workspace files and assignment message, so it breaks (and the
  // gateway e2e with it) when either changes shape.
  it.each([3, 4] as const)('hands an assigned task in to review with the token from its workspace (protocol %s)', (protocol) => {
    const task = { id: 'c0000000-0000-4000-8000-000000000003', board_id: 'b0000000-0000-4000-8000-000000000001' };
    const ctx: WorkspaceContext = {
      role: 'worker',
      protocol,
      agent: { id: 'a0000000-0000-4000-8000-000000000002', name: 'Ada', sessionKey: 'agent:mc-a:main', workspacePath: '/ws/w', token: 'mca_PREFIX.secret' },
      baseUrl: 'http://127.0.0.1:8000',
      workspaceRoot: '/ws',
      mainSessionKey: 'agent:mc-gateway-g:main',
      board: { id: task.board_id, name: 'Launch', type: 'goal', objective: null, successMetrics: null, targetDate: null, goalConfirmed: false, requireApprovalForDone: false, requireReviewBeforeDone: false, commentRequiredForReview: false, blockStatusChangesWithPendingApproval: false, onlyLeadCanChangeStatus: false, maxAgents: 1 },
      user: null,
      identity: null,
      identityTemplate: null,
      soulTemplate: null,
    };
    const system = Object.values(workspaceFiles(ctx)).join('\n');
    const assigned = renderTaskNotification(notify('task_assigned', ctx.agent.id, task), { board_name: 'Launch', task: { id: task.id, title: 'Write it', status: 'inbox', description: null } });
    // The gateway may prefix the message with a timestamp.
    const { reply } = decideReply([{ role: 'system', content: system }, { role: 'user', content: `[Thu 2026-12-03 15:25 UTC] ${assigned}` }]);
    expect(reply).toEqual({
      kind: 'tool',
      command: `curl -sS -X PATCH "http://127.0.0.1:8000/api/v1/agent/boards/${task.board_id}/tasks/${task.id}" -H "X-Agent-Token: mca_PREFIX.secret" -H "Content-Type: application/json" -d '{"status":"review","comment":"${HAND_IN_COMMENT}"}'`,
    });
    // Other messages, and agents told not to work, get no hand-in.
    expect(decideReply([{ role: 'system', content: system }, { role: 'user', content: assigned.replace('TASK ASSIGNED', 'TASK MENTION') }]).reply.kind).toBe('text');
    expect(decideReply([{ role: 'system', content: `${system}\nNO_TASK_WORK` }, { role: 'user', content: assigned }]).reply.kind).toBe('text');
  });
});
