// Task comments: the lead comment rule (bug 27), comment notifications, history look-ups.
import { describe, expect, it } from 'vitest';
import {
  decideTaskComment,
  findLastReviewSubmitter,
  type Actor,
  type TaskCommentRef,
  type TaskView,
} from '../../../src/domain/tasks';
import { AGENTS, AS_LEAD, AS_W1, AS_W_OTHER, BOARD, LEAD, LEAD_OTHER, STARTED, USER, W1, W2, ok, refused, taskIn, update } from './fixtures';

const byUser = (message: string): TaskCommentRef => ({ agent_id: null, message, created_at: STARTED });
const comment = (actor: Actor, task: TaskView, message: string, prior: TaskCommentRef[] = []) =>
  decideTaskComment({ actor, task, message, agents: AGENTS, prior_comments: prior });
const LEAD_RULE = 'Board leads can only comment during review, when mentioned, or on tasks they created.';

describe('lead comment rule (bug 27)', () => {
  it.each([
    { name: 'task in review', task: taskIn('review', LEAD.id), prior: [] },
    { name: 'task assigned to the lead', task: taskIn('done', LEAD.id), prior: [] },
    { name: 'task this lead created', task: taskIn('in_progress', W1.id, { auto_created: true, auto_reason: `lead_agent:${LEAD.id}` }), prior: [] },
    { name: 'mentioned as @lead by a user earlier', task: taskIn('in_progress', W1.id), prior: [byUser('@lead can you weigh in?')] },
    { name: 'mentioned by first name by a worker earlier', task: taskIn('in_progress', W1.id), prior: [{ agent_id: W1.id, message: 'ask @Lena', created_at: STARTED }] },
  ])('allowed: $name', ({ task, prior }) => {
    ok(comment(AS_LEAD, task, 'My view.', prior));
  });

  it.each([
    { name: 'in progress, never mentioned', task: taskIn('in_progress', W1.id), prior: [], text: 'hm' },
    { name: 'a mention in the comment being posted does not authorise it', task: taskIn('inbox', null), prior: [], text: '@lead says hi' },
    { name: 'the lead\'s own earlier @lead does not count', task: taskIn('in_progress', W1.id), prior: [{ agent_id: LEAD.id, message: '@lead note to self', created_at: STARTED }], text: 'again' },
    { name: 'auto-created by another lead', task: taskIn('inbox', null, { auto_created: true, auto_reason: `lead_agent:${LEAD_OTHER.id}` }), prior: [], text: 'x' },
    { name: 'mention of someone else', task: taskIn('inbox', null), prior: [byUser('@alex go')], text: 'x' },
  ])('403: $name', ({ task, prior, text }) => {
    refused(comment(AS_LEAD, task, text, prior), 403, LEAD_RULE);
  });
});

describe('comment endpoint', () => {
  it('stores a task.comment event by the author', () => {
    const plan = ok(comment(AS_W1, taskIn('in_progress', W1.id), 'progress note'));
    expect(plan.event).toEqual({ event_type: 'task.comment', message: 'progress note', agent_id: W1.id, task_id: plan.event.task_id, board_id: BOARD });
  });

  it('422 on a blank message; 403 for an agent of another board', () => {
    refused(comment(USER, taskIn('inbox', null), '   '), 422);
    refused(comment(AS_W_OTHER, taskIn('inbox', null), 'x'), 403);
  });

  it.each([
    { name: 'no mention → the assignee', actor: USER, task: taskIn('in_progress', W1.id), text: 'status?', expected: [`task_comment:${W1.id}`] },
    { name: 'the author is never notified', actor: AS_W1, task: taskIn('in_progress', W1.id), text: 'note to self', expected: [] },
    { name: 'mentions replace the assignee', actor: USER, task: taskIn('in_progress', W1.id), text: '@bob-2 and @lead: thoughts?', expected: [`task_mention:${LEAD.id}`, `task_mention:${W2.id}`] },
    { name: 'self-mention is skipped', actor: AS_W1, task: taskIn('in_progress', W2.id), text: '@alex @bob-2', expected: [`task_mention:${W2.id}`] },
    { name: 'unassigned, no mention → nobody', actor: USER, task: taskIn('inbox', null), text: 'hello', expected: [] },
  ])('notifications: $name', ({ actor, task, text, expected }) => {
    const plan = ok(comment(actor, task, text));
    expect(plan.notifications.map((n) => `${n.kind}:${n.agent_id}`)).toEqual(expected);
    for (const n of plan.notifications) expect(n).toMatchObject({ comment: text, from_agent_id: actor.kind === 'user' ? null : actor.agent_id });
  });

  it('comment notifications record activity (bug 25)', () => {
    const plan = ok(comment(USER, taskIn('in_progress', W1.id), 'status?'));
    expect(plan.notifications[0].activity).toEqual({ notified: 'task.comment_notified', failed: 'task.comment_notify_failed' });
  });

  it('a PATCH comment notifies mentioned agents who are not already messaged', () => {
    const plan = ok(update({ actor: AS_W1, task: taskIn('in_progress', W1.id), change: { status: 'review', comment: 'done, @lead and @bob-2 please check' } }));
    expect(plan.notifications.map((n) => `${n.kind}:${n.agent_id}`)).toEqual([`ready_for_review:${LEAD.id}`, `task_mention:${W2.id}`]);
  });
});

describe('findLastReviewSubmitter', () => {
  const ev = (agent_id: string | null, message: string, minutes: number, event_type = 'task.status_changed') => ({
    agent_id, message, event_type, created_at: new Date(STARTED.getTime() + minutes * 60_000),
  });
  it('picks the latest non-lead agent of the board that moved the task to review', () => {
    const events = [
      ev(W1.id, 'Task moved to review: T.', 1),
      ev(W2.id, 'Task moved to review: T.', 5),
      ev(LEAD.id, 'Task moved to review: T.', 9),
      ev(null, 'Task moved to review: T.', 10),
      ev(W1.id, 'Task moved to in_progress: T.', 11),
      ev(W1.id, 'Task moved to review: T.', 12, 'task.comment'),
    ];
    expect(findLastReviewSubmitter(events, AGENTS, BOARD)).toBe(W2.id);
    expect(findLastReviewSubmitter([], AGENTS, BOARD)).toBeNull();
  });
});
