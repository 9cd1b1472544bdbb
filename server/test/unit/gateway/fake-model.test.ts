// The scripted model is test infrastructure, but the gateway tests trust its directives.
import { describe, expect, it } from 'vitest';
import { decideReply } from '../../../../e2e/gateway/harness/fake-model';

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
});
