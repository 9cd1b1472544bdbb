// The texts of agent-to-agent coordination (spec 3.15 "message formats"): a lead's nudge to a
// worker, a lead's ask-user request to the gateway agent, and the gateway agent's question or
// handoff to a lead. Agents parse the header and the "Field: value" lines, so those stay stable.
// Names and ids are reduced to one line; the free text someone wrote comes last, inside the
// external-data fence, after our own instructions.
import { singleLine, wrapExternalData } from '../prompting/external-data';

export interface MemoryReply {
  baseUrl: string;
  boardId: string;
  tags: string[];
  source: string;
}

/** How to answer: a NON-chat board memory item with the requested tags and source. */
function replyInstructions(reply: MemoryReply): string[] {
  const body = JSON.stringify({ content: '...', tags: reply.tags, source: reply.source });
  return [
    'Reply by writing a NON-chat board memory item:',
    `POST ${reply.baseUrl}/api/v1/agent/boards/${reply.boardId}/memory`,
    `Body: ${body}`,
    'Do not reply in OpenClaw chat.',
  ];
}

const optional = (label: string, value: string | null | undefined) => (value?.trim() ? [`${label}: ${singleLine(value)}`] : []);

export function nudgeMessage(input: { boardName: string; boardId: string; fromName: string; message: string }): string {
  return [
    'NUDGE FROM BOARD LEAD',
    `Board: ${singleLine(input.boardName)}`,
    `Board ID: ${input.boardId}`,
    `From lead: ${singleLine(input.fromName)}`,
    '',
    'Your board lead sent you the note below. Check your assigned tasks and the board, then continue',
    'your work; answer the lead with a task comment or board memory, not in chat.',
    '',
    wrapExternalData('Note from your lead', input.message),
  ].join('\n');
}

export function askUserMessage(input: {
  boardName: string;
  boardId: string;
  leadName: string;
  content: string;
  correlationId?: string | null;
  preferredChannel?: string | null;
  reply: MemoryReply;
}): string {
  return [
    'LEAD REQUEST: ASK USER',
    `Board: ${singleLine(input.boardName)}`,
    `Board ID: ${input.boardId}`,
    `From lead: ${singleLine(input.leadName)}`,
    ...optional('Correlation ID', input.correlationId),
    ...optional('Preferred channel', input.preferredChannel),
    '',
    'The board lead needs an answer from the user. Reach the user through your configured channels',
    '(the preferred channel when given; if none is available, post in the board chat) and ask the',
    'question below. When the user answers, pass the answer on.',
    ...replyInstructions(input.reply),
    '',
    wrapExternalData('Question for the user', input.content),
  ].join('\n');
}

export function leadMessage(input: {
  kind: 'question' | 'handoff';
  boardName: string;
  boardId: string;
  fromName: string;
  content: string;
  correlationId?: string | null;
  reply: MemoryReply;
}): string {
  return [
    input.kind === 'handoff' ? 'GATEWAY MAIN HANDOFF' : 'GATEWAY MAIN QUESTION',
    `Board: ${singleLine(input.boardName)}`,
    `Board ID: ${input.boardId}`,
    `From agent: ${singleLine(input.fromName)}`,
    ...optional('Correlation ID', input.correlationId),
    '',
    input.kind === 'handoff'
      ? 'The gateway agent hands the work below over to you. Plan it on your board (tasks for your workers).'
      : 'The gateway agent asks the question below about your board. Answer it from what you know of the board.',
    ...replyInstructions(input.reply),
    '',
    wrapExternalData(input.kind === 'handoff' ? 'Handoff' : 'Question', input.content),
  ].join('\n');
}
