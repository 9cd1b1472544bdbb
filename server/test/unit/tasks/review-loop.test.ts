// The typical review loop (spec 3.1.8), played step by step by applying each plan to the task.
import { describe, expect, it } from 'vitest';
import { findLastReviewSubmitter, type StatusEventRef, type TaskCommentRef, type TaskView, type TaskUpdatePlan } from '../../../src/domain/tasks';
import { AGENTS, AS_LEAD, AS_W1, BOARD, LEAD, W1, ok, rules, task, update } from './fixtures';

describe('review loop', () => {
  it('worker → review → lead requests changes → worker again → review → lead done (approved)', () => {
    let t: TaskView = task({ status: 'inbox' });
    const events: StatusEventRef[] = [];
    const comments: TaskCommentRef[] = [];
    let clock = Date.parse('2026-01-01T08:00:00Z');
    const step = (plan: TaskUpdatePlan) => {
      t = plan.task;
      for (const e of plan.events) {
        const at = new Date(clock);
        if (e.event_type === 'task.comment') comments.push({ agent_id: e.agent_id, message: e.message, created_at: at });
        events.push({ ...e, created_at: at });
      }
      clock += 3_600_000;
      return plan;
    };
    const now = () => new Date(clock);
    const board = { id: BOARD, rules: rules({ comment_required_for_review: true }) };

    step(ok(update({ actor: AS_W1, board, task: t, change: { status: 'in_progress' }, now: now() })));
    const firstStart = t.in_progress_at;
    expect(firstStart).not.toBeNull();

    const toReview = step(ok(update({ actor: AS_W1, board, task: t, comments, change: { status: 'review', comment: 'Draft ready.' }, now: now() })));
    expect(t).toMatchObject({ status: 'review', assigned_agent_id: LEAD.id, in_progress_at: null, previous_in_progress_at: firstStart });
    expect(toReview.notifications.map((n) => n.kind)).toEqual(['ready_for_review']);

    comments.push({ agent_id: LEAD.id, message: 'Please add sources.', created_at: now() });
    clock += 1000;
    const back = step(ok(update({
      actor: AS_LEAD, board, task: t, comments, change: { status: 'inbox' }, now: now(),
      last_review_submitter_id: findLastReviewSubmitter(events, AGENTS, BOARD),
    })));
    expect(t).toMatchObject({ status: 'inbox', assigned_agent_id: W1.id });
    expect(back.notifications).toMatchObject([{ kind: 'changes_requested', agent_id: W1.id, feedback: 'Please add sources.' }]);

    step(ok(update({ actor: AS_W1, board, task: t, change: { status: 'in_progress' }, now: now() })));
    const secondStart = t.in_progress_at;
    // The earlier "Draft ready." predates this work period, so a new comment is required.
    const again = update({ actor: AS_W1, board, task: t, comments, change: { status: 'review' }, now: now() });
    expect(again.ok).toBe(false);
    step(ok(update({ actor: AS_W1, board, task: t, comments, change: { status: 'review', comment: 'Sources added.' }, now: now() })));
    expect(t.previous_in_progress_at).toEqual(secondStart);

    const refusedDone = update({ actor: AS_LEAD, board, task: t, change: { status: 'done' }, now: now() });
    expect(refusedDone.ok).toBe(false);
    const done = step(ok(update({ actor: AS_LEAD, board, task: t, approvals: [{ id: 'a', status: 'approved' }], change: { status: 'done' }, now: now() })));
    expect(t.status).toBe('done');
    // Cycle time of the last working period is measurable (bug 11).
    expect(t.done_at!.getTime() - t.previous_in_progress_at!.getTime()).toBeGreaterThan(0);
    expect(done.notifications).toEqual([]);
  });
});
