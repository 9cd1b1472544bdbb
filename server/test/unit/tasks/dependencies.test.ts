// Dependency graph rules (spec 3.3): de-dup, blocked, cycles, reconciliation of dependents.
import { describe, expect, it } from 'vitest';
import {
  blockedBy,
  dedupeIds,
  findDependencyCycle,
  isBlocked,
  reconcileDependents,
  validateDependencyIds,
  type DependentTask,
} from '../../../src/domain/tasks';
import { AS_LEAD, BOARD, LEAD, NOW, STARTED, W1, ok, refused, taskIn, update } from './fixtures';

const e = (task_id: string, depends_on_task_id: string) => ({ task_id, depends_on_task_id });

describe('dedupe and blocked', () => {
  it('keeps the first occurrence in order', () => {
    expect(dedupeIds(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
  });
  it('blocked = dependencies not done, missing ones included', () => {
    const known = [{ id: 'a', status: 'done' as const }, { id: 'b', status: 'review' as const }];
    expect(blockedBy(['a', 'b', 'gone'], known)).toEqual(['b', 'gone']);
    expect(blockedBy(['a'], known)).toEqual([]);
  });
  it('done tasks are never reported blocked', () => {
    expect(isBlocked({ status: 'done' }, ['gone'], [])).toBe(false);
    expect(isBlocked({ status: 'inbox' }, ['gone'], [])).toBe(true);
  });
});

describe('cycle detection', () => {
  it.each([
    { name: 'two-task cycle (BR-25 step 6)', edges: [e('b', 'a')], task: 'a', deps: ['b'], cycle: true },
    { name: 'three-task cycle', edges: [e('b', 'c'), e('c', 'a')], task: 'a', deps: ['b'], cycle: true },
    { name: 'diamond without a cycle', edges: [e('b', 'd'), e('c', 'd')], task: 'a', deps: ['b', 'c'], cycle: false },
    { name: 'the task\'s old edges are replaced, not added', edges: [e('a', 'b'), e('b', 'c')], task: 'a', deps: ['c'], cycle: false },
    { name: 'a cycle elsewhere on the board is still found', edges: [e('x', 'y'), e('y', 'x')], task: 'a', deps: [], cycle: true },
    { name: 'empty graph', edges: [], task: 'a', deps: [], cycle: false },
  ])('$name', ({ edges, task, deps, cycle }) => {
    const found = findDependencyCycle(edges, task, deps);
    expect(found !== null).toBe(cycle);
    if (found) expect(found[0]).toBe(found[found.length - 1]);
  });

  it('handles a 20,000-long chain without recursion limits', () => {
    const edges = Array.from({ length: 20_000 }, (_, i) => e(`t${i + 1}`, `t${i}`));
    expect(findDependencyCycle(edges, 't0', [])).toBeNull();
    expect(findDependencyCycle(edges, 't0', ['t20000'])).not.toBeNull();
  });

  it('validateDependencyIds: self 422, missing 404 (listed), cycle 409', () => {
    refused(validateDependencyIds({ taskId: 'a', requested: ['a'], onBoard: [], edges: [] }), 422);
    refused(validateDependencyIds({ taskId: 'a', requested: ['b', 'c'], onBoard: [{ id: 'b', status: 'inbox' }], edges: [] }), 404, {
      message: 'One or more dependency tasks were not found on this board.', missing_task_ids: ['c'],
    });
    refused(validateDependencyIds({ taskId: 'a', requested: ['b'], onBoard: [{ id: 'b', status: 'inbox' }], edges: [e('b', 'a')] }), 409);
    expect(ok(validateDependencyIds({ taskId: 'a', requested: ['b', 'b'], onBoard: [{ id: 'b', status: 'inbox' }], edges: [] })).ids).toEqual(['b']);
  });
});

describe('reconciling dependents', () => {
  const dep = (id: string, over: Partial<DependentTask>): DependentTask => ({
    id, board_id: BOARD, title: id, status: 'inbox', assigned_agent_id: null, in_progress_at: null, previous_in_progress_at: null, ...over,
  });
  const dependents = [
    dep('started', { status: 'in_progress', assigned_agent_id: W1.id, in_progress_at: STARTED }),
    dep('assigned', { assigned_agent_id: W1.id }),
    dep('pristine', {}),
    dep('finished', { status: 'done' }),
  ];

  it('reopening a dependency sends started dependents back to an unassigned inbox', () => {
    const r = reconcileDependents({ dependencyTitle: 'Dep', wasDone: true, isDone: false, dependents, actorAgentId: LEAD.id, now: NOW });
    expect(r.updates).toEqual([
      { task_id: 'started', changes: { status: 'inbox', assigned_agent_id: null, in_progress_at: null, previous_in_progress_at: STARTED, updated_at: NOW } },
      { task_id: 'assigned', changes: { status: 'inbox', assigned_agent_id: null, updated_at: NOW } },
    ]);
    expect(r.events.map((x) => `${x.task_id}:${x.event_type}:${x.message}`)).toEqual([
      'started:task.status_changed:Task returned to inbox: dependency reopened (Dep).',
      'assigned:task.status_changed:Task returned to inbox: dependency reopened (Dep).',
      'pristine:task.updated:Dependency completion changed: Dep.',
    ]);
    expect(r.events.every((x) => x.agent_id === LEAD.id && x.board_id === BOARD)).toBe(true);
  });

  it('completing a dependency notes every non-done dependent', () => {
    const r = reconcileDependents({ dependencyTitle: 'Dep', wasDone: false, isDone: true, dependents, actorAgentId: null, now: NOW });
    expect(r.updates).toEqual([]);
    expect(r.events.map((x) => x.task_id)).toEqual(['started', 'assigned', 'pristine']);
  });

  it('no flip, no work', () => {
    expect(reconcileDependents({ dependencyTitle: 'D', wasDone: false, isDone: false, dependents, actorAgentId: null, now: NOW })).toEqual({ updates: [], events: [] });
  });

  it('decideTaskUpdate carries the reconciliation when a done task is reopened', () => {
    const plan = ok(update({ actor: { kind: 'user', user_id: 'u' }, task: taskIn('done', W1.id), change: { status: 'inbox' }, dependents }));
    expect(plan.dependent_updates.map((u) => u.task_id)).toEqual(['started', 'assigned']);
    expect(plan.events.map((x) => `${x.task_id}:${x.event_type}`)).toEqual([
      `${plan.task.id}:task.status_changed`, 'started:task.status_changed', 'assigned:task.status_changed', 'pristine:task.updated',
    ]);
  });

  it('and when a lead marks a task done', () => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('review', LEAD.id), change: { status: 'done' }, dependents }));
    expect(plan.dependent_updates).toEqual([]);
    expect(plan.events.filter((x) => x.message.startsWith('Dependency completion changed')).length).toBe(3);
  });
});
