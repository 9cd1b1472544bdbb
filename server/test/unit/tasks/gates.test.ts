// The five board gates (spec 3.2) for each actor kind, and their order.
import { describe, expect, it } from 'vitest';
import type { Actor, BoardRules, LinkedApproval, TaskStatus } from '../../../src/domain/tasks';
import {
  AS_LEAD,
  AS_W1,
  BOARD,
  DEP_A,
  LEAD,
  STARTED,
  USER,
  W1,
  ok,
  refused,
  rules,
  taskIn,
  update,
} from './fixtures';

const A1 = '00000000-0000-4000-8000-0000000000e1';
const approved: LinkedApproval[] = [{ id: A1, status: 'approved' }];
const pending: LinkedApproval[] = [{ id: A1, status: 'pending' }];
const rejected: LinkedApproval[] = [{ id: A1, status: 'rejected' }];
const mixed: LinkedApproval[] = [{ id: A1, status: 'rejected' }, { id: DEP_A, status: 'approved' }];

const APPROVAL_MSG = { message: 'Task can only be marked done when a linked approval has been approved.', blocked_by_task_ids: [] };
const REVIEW_MSG = { message: 'Task can only be marked done from review when the board rule is enabled.', blocked_by_task_ids: [] };
const PENDING_MSG = { message: 'Task status cannot be changed while a linked approval is pending.', blocked_by_task_ids: [] };

// How each actor kind reaches done: users and workers from in_progress or review, leads from review.
const toDone: { actor: Actor; from: TaskStatus; assignee: string | null }[] = [
  { actor: USER, from: 'review', assignee: LEAD.id },
  { actor: USER, from: 'in_progress', assignee: W1.id },
  { actor: AS_W1, from: 'in_progress', assignee: W1.id },
  { actor: AS_LEAD, from: 'review', assignee: LEAD.id },
];

function run(actor: Actor, from: TaskStatus, assignee: string | null, r: Partial<BoardRules>, approvals: LinkedApproval[], to: TaskStatus = 'done') {
  return update({ actor, board: { id: BOARD, rules: rules(r) }, task: taskIn(from, assignee), approvals, change: { status: to, comment: actor.kind === 'lead' ? undefined : 'c' } });
}

describe('require_approval_for_done', () => {
  it.each(toDone)('$actor.kind from $from: 409 without an approved linked approval', ({ actor, from, assignee }) => {
    for (const approvals of [[], pending, rejected]) refused(run(actor, from, assignee, {}, approvals), 409, APPROVAL_MSG);
  });
  it.each(toDone)('$actor.kind from $from: allowed with an approved one', ({ actor, from, assignee }) => {
    expect(ok(run(actor, from, assignee, {}, approved)).task.status).toBe('done');
    expect(ok(run(actor, from, assignee, {}, mixed)).task.status).toBe('done');
  });
  it.each(toDone)('$actor.kind from $from: allowed when the rule is off', ({ actor, from, assignee }) => {
    ok(run(actor, from, assignee, { require_approval_for_done: false }, []));
  });
  it('does not apply to other targets', () => {
    ok(run(USER, 'inbox', null, {}, [], 'in_progress'));
  });
});

describe('require_review_before_done', () => {
  const r = { require_review_before_done: true, require_approval_for_done: false };
  it('409 from in_progress for users and workers, from inbox for users', () => {
    refused(run(USER, 'in_progress', W1.id, r, []), 409, REVIEW_MSG);
    refused(run(AS_W1, 'in_progress', W1.id, r, []), 409, REVIEW_MSG);
    refused(run(USER, 'inbox', null, r, []), 409, REVIEW_MSG);
  });
  it('allowed from review for users and leads', () => {
    ok(run(USER, 'review', LEAD.id, r, []));
    ok(run(AS_LEAD, 'review', LEAD.id, r, []));
  });
  it('comes before the approval gate', () => {
    refused(run(USER, 'in_progress', W1.id, { require_review_before_done: true }, []), 409, REVIEW_MSG);
  });
});

describe('block_status_changes_with_pending_approval', () => {
  const r = { block_status_changes_with_pending_approval: true, require_approval_for_done: false };
  it.each([
    { actor: USER, from: 'in_progress' as TaskStatus, assignee: W1.id, to: 'review' as TaskStatus },
    { actor: AS_W1, from: 'in_progress' as TaskStatus, assignee: W1.id, to: 'review' as TaskStatus },
    { actor: AS_LEAD, from: 'review' as TaskStatus, assignee: LEAD.id, to: 'done' as TaskStatus },
    { actor: AS_LEAD, from: 'review' as TaskStatus, assignee: LEAD.id, to: 'inbox' as TaskStatus },
  ])('$actor.kind $from → $to: 409 while a linked approval is pending', ({ actor, from, assignee, to }) => {
    refused(run(actor, from, assignee, r, pending, to), 409, PENDING_MSG);
    ok(run(actor, from, assignee, r, approved, to));
    ok(run(actor, from, assignee, { ...r, block_status_changes_with_pending_approval: false }, pending, to));
  });
  it('comes first among the gates', () => {
    refused(run(USER, 'in_progress', W1.id, { block_status_changes_with_pending_approval: true, require_review_before_done: true }, pending), 409, PENDING_MSG);
  });
  it('a no-op status value is not a change', () => {
    ok(run(USER, 'in_progress', W1.id, r, pending, 'in_progress'));
  });
  it('dependency edits stay allowed (the blocked task goes back to the inbox)', () => {
    const plan = ok(update({ actor: USER, board: { id: BOARD, rules: rules(r) }, task: taskIn('in_progress', W1.id), approvals: pending, change: { depends_on_task_ids: [DEP_A] }, dependency_tasks: [{ id: DEP_A, status: 'inbox' }] }));
    expect(plan.task.status).toBe('inbox');
  });
});

describe('comment_required_for_review', () => {
  const r = { comment_required_for_review: true };
  const w1Comment = (at: Date) => ({ agent_id: W1.id, message: 'notes', created_at: at });
  const review = (actor: Actor, extra: Record<string, unknown> = {}) =>
    update({ actor, board: { id: BOARD, rules: rules(r) }, task: taskIn('in_progress', W1.id), change: { status: 'review' }, ...extra });

  it('off: review without a comment is fine', () => {
    ok(update({ actor: AS_W1, task: taskIn('in_progress', W1.id), change: { status: 'review' } }));
  });
  it.each([USER, AS_W1])('on ($kind): 422 without any comment', (actor) => {
    refused(review(actor), 422, 'Comment is required.');
  });
  it('on: a comment in the request satisfies it; a blank one does not', () => {
    ok(update({ actor: AS_W1, board: { id: BOARD, rules: rules(r) }, task: taskIn('in_progress', W1.id), change: { status: 'review', comment: 'done' } }));
    refused(update({ actor: AS_W1, board: { id: BOARD, rules: rules(r) }, task: taskIn('in_progress', W1.id), change: { status: 'review', comment: '  ' } }), 422);
  });
  it('on: an earlier comment by the assignee written during this work period satisfies it', () => {
    ok(review(AS_W1, { comments: [w1Comment(new Date(STARTED.getTime() + 1000))] }));
    ok(review(USER, { comments: [w1Comment(STARTED)] }));
  });
  it('on: a comment from before the work period, or by another author, does not', () => {
    refused(review(AS_W1, { comments: [w1Comment(new Date(STARTED.getTime() - 1000))] }), 422);
    refused(review(AS_W1, { comments: [{ agent_id: LEAD.id, message: 'x', created_at: STARTED }] }), 422);
  });
  it('does not apply to leads', () => {
    ok(review(AS_LEAD));
  });
});

describe('only_lead_can_change_status', () => {
  const r = { only_lead_can_change_status: true };
  it('403 for workers, users and leads unaffected', () => {
    refused(update({ actor: AS_W1, board: { id: BOARD, rules: rules(r) }, task: taskIn('in_progress', W1.id), change: { status: 'review' } }), 403, 'Only board leads can change task status.');
    ok(update({ actor: USER, board: { id: BOARD, rules: rules(r) }, task: taskIn('in_progress', W1.id), change: { status: 'review' } }));
    ok(update({ actor: AS_LEAD, board: { id: BOARD, rules: rules(r) }, task: taskIn('inbox', null), change: { status: 'in_progress', assigned_agent_id: W1.id } }));
  });
  it('workers may still comment and set custom fields', () => {
    ok(update({ actor: AS_W1, board: { id: BOARD, rules: rules(r) }, task: taskIn('in_progress', W1.id), change: { comment: 'x', custom_field_values: { a: 1 } } }));
  });
});
