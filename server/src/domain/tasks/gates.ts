// Board status gates (spec 3.2), applied in the reference's order. They run only when the status
// actually changes: a status value equal to the current one is a no-op for every actor (bug 20).
import { MSG, gateError, refuse } from './errors';
import type { BoardRules, LinkedApproval, RuleError, TaskCommentRef, TaskStatus } from './types';

export function hasPendingApproval(approvals: readonly LinkedApproval[]): boolean {
  return approvals.some((a) => a.status === 'pending');
}

/** The done gate is satisfied by at least one linked approval in status `approved`. */
export function hasApprovedApproval(approvals: readonly LinkedApproval[]): boolean {
  return approvals.some((a) => a.status === 'approved');
}

/**
 * Pending-approval, review-before-done and approval-for-done gates for `from` → `to`.
 * Returns null when the change may proceed.
 */
export function checkStatusGates(input: {
  rules: BoardRules;
  from: TaskStatus;
  to: TaskStatus;
  approvals: readonly LinkedApproval[];
}): RuleError | null {
  const { rules, from, to, approvals } = input;
  if (from === to) return null;
  if (rules.block_status_changes_with_pending_approval && hasPendingApproval(approvals)) {
    return gateError(MSG.pendingApproval);
  }
  if (to === 'done' && rules.require_review_before_done && from !== 'review') {
    return gateError(MSG.reviewBeforeDone);
  }
  if (to === 'done' && rules.require_approval_for_done && !hasApprovedApproval(approvals)) {
    return gateError(MSG.approvalForDone);
  }
  return null;
}

/**
 * comment_required_for_review (spec 3.1.7 step 4): entering review needs a non-blank comment in
 * the request, or an earlier non-blank comment by `author` (an agent id, or null for users)
 * written at or after `since` (the start of the work period that just ended; null = any time).
 */
export function checkReviewComment(input: {
  rules: BoardRules;
  requestComment: string | null;
  author: string | null;
  since: Date | null;
  comments: readonly TaskCommentRef[];
}): RuleError | null {
  if (!input.rules.comment_required_for_review) return null;
  if (input.requestComment && input.requestComment.trim() !== '') return null;
  const found = input.comments.some(
    (c) =>
      c.agent_id === input.author &&
      c.message.trim() !== '' &&
      (input.since === null || c.created_at.getTime() >= input.since.getTime()),
  );
  return found ? null : refuse(422, MSG.commentRequired);
}
