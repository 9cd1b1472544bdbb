// Refusals of the task rules, with the reference's status codes and `detail` payloads.
import type { ErrorStatus, RuleError, TaskStatus } from './types';

export function refuse(status: ErrorStatus, detail: RuleError['detail']): RuleError {
  return { ok: false, status, detail };
}

export const MSG = {
  blocked: 'Task is blocked by incomplete dependencies.',
  selfDependency: 'Task cannot depend on itself.',
  missingDependencies: 'One or more dependency tasks were not found on this board.',
  dependencyCycle: 'Dependency cycle detected. Remove the cycle before saving.',
  dependenciesAfterDone: 'Cannot change task dependencies after a task is done.',
  missingTags: 'One or more tags do not exist in this organization.',
  boardMismatch: 'Agent can only update tasks for their assigned board.',
  assigneeMismatch: 'Agents can only change status on tasks assigned to them.',
  fieldForbidden: 'Agents may only update status, comment, and custom field values.',
  onlyLeadStatus: 'Only board leads can change task status.',
  leadComment:
    'Lead comment gate failed: board leads cannot include `comment` in task PATCH. ' +
    'Use the task comments endpoint instead.',
  leadSelfAssign: 'Board leads cannot assign tasks to themselves.',
  assigneeNotFound: 'Assigned agent not found.',
  assigneeOtherBoard: 'Assigned agent belongs to another board.',
  pendingApproval: 'Task status cannot be changed while a linked approval is pending.',
  reviewBeforeDone: 'Task can only be marked done from review when the board rule is enabled.',
  approvalForDone: 'Task can only be marked done when a linked approval has been approved.',
  commentRequired: 'Comment is required.',
  statusRequired: 'status is required',
  leadCommentEndpoint:
    'Board leads can only comment during review, when mentioned, or on tasks they created.',
} as const;

export const LEAD_ALLOWED_FIELDS = [
  'assigned_agent_id',
  'custom_field_values',
  'depends_on_task_ids',
  'status',
  'tag_ids',
] as const;

export function leadFieldGate(fields: string[]): RuleError {
  const list = [...fields].sort().join(', ');
  return refuse(
    403,
    `Lead field gate failed: unsupported fields for board leads: ${list}. ` +
      `Allowed fields: ${LEAD_ALLOWED_FIELDS.join(', ')}.`,
  );
}

export function leadStatusGate(current: TaskStatus): RuleError {
  return refuse(
    403,
    'Lead status gate failed: board leads can only change status when the current task status ' +
      `is \`review\`, start an \`inbox\` task together with an assignment, or hand an ` +
      `\`in_progress\` task to review (current: \`${current}\`).`,
  );
}

export function leadReviewTargetGate(target: TaskStatus): RuleError {
  return refuse(
    403,
    'Lead status target gate failed: review tasks can only move to `done` or `inbox` ' +
      `(requested: \`${target}\`).`,
  );
}

export function leadCreateStatusGate(target: TaskStatus): RuleError {
  return refuse(
    403,
    'Lead status gate failed: board leads can only create tasks in `inbox`, or in ' +
      `\`in_progress\` together with an assignee (requested: \`${target}\`).`,
  );
}

/** 409 for a transition of a task whose dependencies are not all done. Always carries `code`. */
export function blockedError(blockedBy: string[]): RuleError {
  return refuse(409, {
    message: MSG.blocked,
    code: 'task_blocked_cannot_transition',
    blocked_by_task_ids: blockedBy,
  });
}

/** 409 of a board gate (spec 3.2): an object without `code`. */
export function gateError(message: string): RuleError {
  return refuse(409, { message, blocked_by_task_ids: [] });
}

export function agentCodeError(code: string, message: string): RuleError {
  return refuse(403, { code, message });
}
