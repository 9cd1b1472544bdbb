// Reading an agent's reply to a chat message. Pure: works on event payloads and history lists.
import type { ChatHistoryMessage } from './rpc';

export type ChatOutcome =
  | { state: 'final'; text: string }
  | { state: 'error'; text: string }
  | { state: 'aborted'; text: string };

/** Text of a message `content`: a string, or the text parts of a content array. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      if (typeof part === 'string') return part;
      if (part && typeof part === 'object' && (part as { type?: unknown }).type !== 'thinking') {
        const text = (part as { text?: unknown }).text;
        return typeof text === 'string' ? text : '';
      }
      return '';
    })
    .join('');
}

/** The terminal outcome carried by a `chat` event for `runId`, or null if the run goes on. */
export function terminalChatEvent(payload: unknown, runId: string): ChatOutcome | null {
  if (!payload || typeof payload !== 'object') return null;
  const event = payload as { runId?: unknown; state?: unknown; message?: { content?: unknown }; errorMessage?: unknown };
  if (event.runId !== runId) return null;
  if (event.state === 'final') return { state: 'final', text: messageText(event.message?.content) };
  if (event.state === 'error') return { state: 'error', text: typeof event.errorMessage === 'string' ? event.errorMessage : 'agent run failed' };
  if (event.state === 'aborted') return { state: 'aborted', text: '' };
  return null;
}

const TOOL_STOP_REASONS = new Set(['toolUse', 'tool_use', 'tool_calls', 'toolCalls']);

/**
 * The reply to the user message sent with `idempotencyKey`, read from a chat history: the last
 * assistant text after that message once the run is over, or the failure entry the gateway
 * records for a run that failed before replying. Null while there is no answer yet.
 */
export function replyFromHistory(messages: readonly ChatHistoryMessage[], idempotencyKey: string): ChatOutcome | null {
  const index = messages.findIndex((m) => m.role === 'user' && m.idempotencyKey === idempotencyKey);
  if (index < 0) return null;
  let reply: ChatOutcome | null = null;
  for (const message of messages.slice(index + 1)) {
    if (message.role === 'user') break;
    if (message.role === 'custom' && typeof message.customType === 'string' && message.customType.startsWith('run-failed')) {
      return { state: 'error', text: messageText(message.content) || 'agent run failed' };
    }
    if (message.role !== 'assistant') continue;
    if (typeof message.stopReason === 'string' && TOOL_STOP_REASONS.has(message.stopReason)) continue;
    const text = messageText(message.content);
    if (text) reply = { state: 'final', text };
  }
  return reply;
}
