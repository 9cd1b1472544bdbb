// Task workflow rules: pure functions, no database and no HTTP.
export * from './types';
export { MSG, LEAD_ALLOWED_FIELDS } from './errors';
export { leaveInProgress, statusTimestamps, createTimestamps } from './bookkeeping';
export {
  dedupeIds,
  blockedBy,
  isBlocked,
  findDependencyCycle,
  validateDependencyIds,
  isPristine,
  reconcileDependents,
  type DependentUpdate,
} from './dependencies';
export { checkStatusGates, checkReviewComment, hasApprovedApproval, hasPendingApproval } from './gates';
export { extractMentions, agentMatchesMentions, matchMentionedAgents } from './mentions';
export { NOTIFICATION_ACTIVITY, commentNotifications, latestCommentBy, wakeEvent } from './notifications';
export { validateAssignee, validateTagIds, boardLead } from './common';
export { decideTaskUpdate, type TaskUpdateInput, type TaskUpdatePlan } from './update';
export {
  decideTaskCreate,
  type TaskCreateInput,
  type TaskCreatePlan,
  type TaskCreateRequest,
  type NewTaskRow,
} from './create';
export {
  decideTaskComment,
  leadMayComment,
  findLastReviewSubmitter,
  type TaskCommentInput,
  type TaskCommentPlan,
  type StatusEventRef,
} from './comments';
export {
  CUSTOM_FIELD_TYPES,
  customFieldValueProblem,
  decideCustomFieldValues,
  effectiveCustomFieldValues,
  type CustomFieldType,
  type CustomFieldDefinition,
  type CustomFieldWrite,
} from './custom-fields';
export { renderTaskNotification, snippet, type TaskMessageContext } from './messages';
