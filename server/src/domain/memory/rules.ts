// Board and group memory rules (spec 2.13, 2.15, 3.7, 3.8): pure functions, no database.
// Memory rows are context notes; rows tagged `chat` are the board (or group) chat. Chat rows
// notify agents; the rules here decide who gets which message, delivery is an `agent.notify` job.
import { singleLine, wrapExternalData } from '../prompting/external-data';
import { snippet } from '../tasks/messages';
import { extractMentions, matchMentionedAgents } from '../tasks/mentions';
import type { AgentRef } from '../tasks/types';

export const CHAT_TAG = 'chat';
export const BROADCAST_TAG = 'broadcast';
/** Longest chat excerpt quoted in a notification. */
export const CHAT_SNIPPET_MAX = 800;

/** Tags as stored: trimmed, blanks dropped, duplicates removed (first one kept); null when absent. */
export function normalizeTags(tags: readonly string[] | null | undefined): string[] | null {
  if (tags == null) return null;
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))];
}

export const isChatTags = (tags: readonly string[] | null | undefined): boolean => Boolean(tags?.includes(CHAT_TAG));

/** Who wrote a memory row, as far as the source default needs to know. */
export type MemoryAuthor =
  | { kind: 'agent'; id: string; name: string }
  | { kind: 'user'; name: string | null; preferred_name: string | null };

/** The author's display name: the agent's name, else the user's preferred name, name, or "User". */
export function authorName(author: MemoryAuthor): string {
  if (author.kind === 'agent') return author.name;
  return author.preferred_name?.trim() || author.name?.trim() || 'User';
}

/** A blank source is no source; chat rows without one are signed with the author's name. */
export function memorySource(source: string | null | undefined, isChat: boolean, author: MemoryAuthor): string | null {
  const given = source?.trim() || null;
  if (given || !isChat) return given;
  return authorName(author);
}

/** `/pause` or `/resume` (whole content, any case): a board-wide command to the agents. */
export function chatCommand(content: string): 'pause' | 'resume' | null {
  const c = content.trim().toLowerCase();
  return c === '/pause' || c === '/resume' ? (c.slice(1) as 'pause' | 'resume') : null;
}

/** A chat target: an agent with a gateway session (only those can be messaged). */
export interface ChatAgent extends AgentRef {
  has_session: boolean;
}

export type ChatNoticeKind = 'command' | 'chat' | 'mention' | 'broadcast';

export interface ChatNotice {
  agent: ChatAgent;
  kind: ChatNoticeKind;
}

/**
 * Board chat targets (spec 3.7): a `/pause` or `/resume` goes to every agent of the board;
 * otherwise the board leads always and the mentioned agents. Never the author, never an agent
 * without a session.
 */
export function boardChatNotices(input: { content: string; agents: readonly ChatAgent[]; authorAgentId: string | null }): ChatNotice[] {
  const reachable = input.agents.filter((a) => a.has_session && a.id !== input.authorAgentId);
  if (chatCommand(input.content)) return reachable.map((agent) => ({ agent, kind: 'command' as const }));
  const mentioned = new Set(matchMentionedAgents(input.content, reachable).map((a) => a.id));
  return reachable
    .filter((a) => a.is_board_lead || mentioned.has(a.id))
    .map((agent) => ({ agent, kind: mentioned.has(agent.id) ? ('mention' as const) : ('chat' as const) }));
}

/** Whether a group memory row notifies anyone, and whether it goes to everybody. */
export function groupDelivery(content: string, tags: readonly string[] | null): { notify: boolean; broadcast: boolean } {
  const broadcast = Boolean(tags?.includes(BROADCAST_TAG)) || extractMentions(content).has('all');
  return { notify: broadcast || isChatTags(tags), broadcast };
}

/**
 * Group chat targets (spec 3.8), over the agents of every board in the group: everybody on a
 * broadcast (`broadcast` tag or `@all`), otherwise board leads and mentioned agents.
 */
export function groupChatNotices(input: {
  content: string;
  tags: readonly string[] | null;
  agents: readonly ChatAgent[];
  authorAgentId: string | null;
}): ChatNotice[] {
  const { notify, broadcast } = groupDelivery(input.content, input.tags);
  if (!notify) return [];
  const reachable = input.agents.filter((a) => a.has_session && a.board_id !== null && a.id !== input.authorAgentId);
  if (broadcast) return reachable.map((agent) => ({ agent, kind: 'broadcast' as const }));
  const mentioned = new Set(matchMentionedAgents(input.content, reachable).map((a) => a.id));
  return reachable
    .filter((a) => a.is_board_lead || mentioned.has(a.id))
    .map((agent) => ({ agent, kind: mentioned.has(agent.id) ? ('mention' as const) : ('chat' as const) }));
}

const BOARD_HEADERS: Record<ChatNoticeKind, string> = {
  command: 'BOARD CHAT COMMAND',
  chat: 'BOARD CHAT',
  mention: 'BOARD CHAT MENTION',
  broadcast: 'BOARD CHAT',
};
const GROUP_HEADERS: Record<ChatNoticeKind, string> = {
  command: 'GROUP CHAT',
  chat: 'GROUP CHAT',
  mention: 'GROUP CHAT MENTION',
  broadcast: 'GROUP BROADCAST',
};

const replyBody = JSON.stringify({ content: '...', tags: [CHAT_TAG] });

/**
 * The message an agent receives for board chat. Names are reduced to one line so they cannot
 * forge the field lines; our instructions come first and the chat text (written by someone else)
 * last, inside the external-data fence, so it cannot pose as our instructions.
 */
export function boardChatMessage(input: { kind: ChatNoticeKind; board: { id: string; name: string }; from: string; content: string; baseUrl: string }): string {
  const command = chatCommand(input.content);
  if (input.kind === 'command' && command) return `/${command}`;
  return [
    BOARD_HEADERS[input.kind],
    `Board: ${singleLine(input.board.name)}`,
    `From: ${singleLine(input.from)}`,
    `Reply in board chat: POST ${input.baseUrl}/api/v1/agent/boards/${input.board.id}/memory with body ${replyBody}`,
    '',
    wrapExternalData('Chat message', snippet(input.content, CHAT_SNIPPET_MAX)),
  ].join('\n');
}

/** The message an agent receives for group chat (same layout); it replies through its own board. */
export function groupChatMessage(input: { kind: ChatNoticeKind; group: { id: string; name: string }; agentBoardId: string; from: string; content: string; baseUrl: string }): string {
  return [
    GROUP_HEADERS[input.kind],
    `Group: ${singleLine(input.group.name)}`,
    `From: ${singleLine(input.from)}`,
    `Reply in group chat: POST ${input.baseUrl}/api/v1/boards/${input.agentBoardId}/group-memory with body ${replyBody}`,
    '',
    wrapExternalData('Chat message', snippet(input.content, CHAT_SNIPPET_MAX)),
  ].join('\n');
}

/** Activity the delivery records (bug 25: the reference sent chat silently, success or not). */
export const BOARD_CHAT_ACTIVITY = { success_type: 'board.chat.notified', failure_type: 'board.chat.notify_failed' };
export const GROUP_CHAT_ACTIVITY = { success_type: 'board.group_chat.notified', failure_type: 'board.group_chat.notify_failed' };

export const NOTICE_REASON: Record<'board' | 'group', Record<ChatNoticeKind, string>> = {
  board: { command: 'board_chat_command', chat: 'board_chat', mention: 'board_chat_mention', broadcast: 'board_chat' },
  group: { command: 'group_chat', chat: 'group_chat', mention: 'group_chat_mention', broadcast: 'group_broadcast' },
};
