import { describe, expect, it } from 'vitest';
import { messageText, replyFromHistory, terminalChatEvent } from '../../../src/gateway/chat-reply';

describe('chat replies', () => {
  it('reads text from string and array contents', () => {
    expect(messageText('hi')).toBe('hi');
    expect(messageText([{ type: 'text', text: 'a' }, { type: 'thinking', text: 'hidden' }, { type: 'text', text: 'b' }])).toBe('ab');
    expect(messageText(null)).toBe('');
  });

  it('recognises the terminal chat events of one run only', () => {
    expect(terminalChatEvent({ runId: 'r1', state: 'delta', deltaText: 'x' }, 'r1')).toBeNull();
    expect(terminalChatEvent({ runId: 'r2', state: 'final', message: { content: [{ type: 'text', text: 'x' }] } }, 'r1')).toBeNull();
    expect(terminalChatEvent({ runId: 'r1', state: 'final', message: { content: [{ type: 'text', text: 'pong' }] } }, 'r1')).toEqual({ state: 'final', text: 'pong' });
    expect(terminalChatEvent({ runId: 'r1', state: 'error', errorMessage: 'boom' }, 'r1')).toEqual({ state: 'error', text: 'boom' });
    expect(terminalChatEvent({ runId: 'r1', state: 'aborted' }, 'r1')).toEqual({ state: 'aborted', text: '' });
  });

  it('finds the reply to one message in a history, skipping tool steps and later turns', () => {
    const messages = [
      { role: 'user', content: 'old', idempotencyKey: 'k0' },
      { role: 'assistant', content: [{ type: 'text', text: 'old reply' }], stopReason: 'stop' },
      { role: 'user', content: 'do it', idempotencyKey: 'k1' },
      { role: 'assistant', content: [{ type: 'toolCall', name: 'exec' }], stopReason: 'toolUse' },
      { role: 'toolResult', content: [{ type: 'text', text: 'out' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'EXEC-DONE: out' }], stopReason: 'stop' },
      { role: 'user', content: 'next', idempotencyKey: 'k2' },
      { role: 'assistant', content: [{ type: 'text', text: 'later' }], stopReason: 'stop' },
    ];
    expect(replyFromHistory(messages, 'k1')).toEqual({ state: 'final', text: 'EXEC-DONE: out' });
    expect(replyFromHistory(messages, 'k0')).toEqual({ state: 'final', text: 'old reply' });
    expect(replyFromHistory(messages, 'missing')).toBeNull();
    expect(replyFromHistory(messages.slice(0, 4), 'k1')).toBeNull();
    expect(
      replyFromHistory([{ role: 'user', content: 'x', idempotencyKey: 'k' }, { role: 'custom', customType: 'run-failed-before-reply', content: 'no model' }], 'k'),
    ).toEqual({ state: 'error', text: 'no model' });
  });
});
