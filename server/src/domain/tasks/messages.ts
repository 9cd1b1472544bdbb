// The texts agents receive for task notifications (spec 3.7). Agents parse the header line and
// the "Field: value" lines, so those stay stable; the prose around them is ours.
import { singleLine, wrapExternalData } from '../prompting/external-data';
import type { TaskNotification, TaskStatus } from './types';

export interface TaskMessageContext {
  board_name: string;
  task: { id: string; title: string; status: TaskStatus; description: string | null };
  /** Display name of the comment author (agent name), or null for a user. */
  from_name?: string | null;
}

/** Trims and shortens `text` to `max` characters, ending in "..." when cut. */
export function snippet(text: string, max: number): string {
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}

const DEFAULT_FEEDBACK = 'The lead returned this task without a written note; check the task comments.';

/**
 * The message for one notification. Names and titles (written by users and agents) are reduced
 * to one line so they cannot forge the field lines agents parse; longer text written by someone
 * else (description, comment, the lead's feedback) comes last, inside the external-data fence,
 * after our own instructions.
 */
export function renderTaskNotification(n: TaskNotification, ctx: TaskMessageContext): string {
  const head = (title: string) => [
    title,
    `Board: ${singleLine(ctx.board_name)}`,
    `Task: ${singleLine(ctx.task.title)}`,
    `Task ID: ${ctx.task.id}`,
  ];
  switch (n.kind) {
    case 'new_task':
      return [
        ...head('NEW TASK ADDED'),
        `Status: ${ctx.task.status}`,
        '',
        'Take action: triage, assign, or plan next steps.',
        ...(ctx.task.description ? ['', wrapExternalData('Description', snippet(ctx.task.description, 500))] : []),
      ].join('\n');
    case 'task_assigned':
      return [
        ...head('TASK ASSIGNED'),
        `Status: ${ctx.task.status}`,
        '',
        'Take action: open the task and begin work. Post updates as task comments.',
      ].join('\n');
    case 'ready_for_review':
      return [
        ...head('TASK READY FOR LEAD REVIEW'),
        `Status: ${ctx.task.status}`,
        '',
        'Take action: review the deliverables now. Approve by moving to done or return to inbox ' +
          'with clear feedback.',
      ].join('\n');
    case 'changes_requested':
      return [
        ...head('CHANGES REQUESTED'),
        `Status: ${ctx.task.status}`,
        '',
        'Take action: address the requested changes, then move the task back to review.',
        '',
        'Requested changes:',
        n.feedback ? wrapExternalData('Lead feedback', snippet(n.feedback, 500)) : DEFAULT_FEEDBACK,
      ].join('\n');
    case 'back_in_inbox':
      return [
        ...head('TASK BACK IN INBOX'),
        `Status: ${ctx.task.status}`,
        '',
        'Take action: the task is unassigned in the inbox; triage it and assign the next agent.',
      ].join('\n');
    case 'task_mention':
    case 'task_comment':
      return [
        ...head(n.kind === 'task_mention' ? 'TASK MENTION' : 'NEW TASK COMMENT'),
        `From: ${ctx.from_name ? singleLine(ctx.from_name) : 'User'}`,
        n.kind === 'task_mention'
          ? 'Action: you were mentioned; read the comment and reply in the task thread.'
          : 'Action: read the comment and respond in the task thread if needed.',
        'If you are not the assignee, reply with a task comment and do not change the task status.',
        '',
        'Comment:',
        wrapExternalData(snippet(n.comment ?? '', 500)),
      ].join('\n');
  }
}
