// Types shared by the task rule functions. Data records use the API's snake_case field names so
// a route handler can pass parsed request bodies and loaded rows straight through.

export const TASK_STATUSES = ['inbox', 'in_progress', 'review', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Who is acting. Leads and workers are agents; a user is a human with board write access. */
export type UserActor = { kind: 'user'; user_id: string };
export type LeadActor = { kind: 'lead'; agent_id: string; board_id: string | null; name: string };
export type WorkerActor = { kind: 'worker'; agent_id: string; board_id: string | null; name: string };
export type Actor = UserActor | LeadActor | WorkerActor;

/** An agent as the rules need it: the board's agents plus any agent a request names. */
export interface AgentRef {
  id: string;
  name: string;
  board_id: string | null;
  is_board_lead: boolean;
}

/** The board's rule flags (spec 3.2), read at request time. */
export interface BoardRules {
  require_approval_for_done: boolean;
  require_review_before_done: boolean;
  block_status_changes_with_pending_approval: boolean;
  comment_required_for_review: boolean;
  only_lead_can_change_status: boolean;
}

export const DEFAULT_BOARD_RULES: BoardRules = {
  require_approval_for_done: true,
  require_review_before_done: false,
  block_status_changes_with_pending_approval: false,
  comment_required_for_review: false,
  only_lead_can_change_status: false,
};

export interface BoardContext {
  id: string;
  rules: BoardRules;
}

/** The task columns the rules read and write. */
export interface TaskView {
  id: string;
  board_id: string;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: string;
  due_at: Date | null;
  assigned_agent_id: string | null;
  /** Start of the current in-progress period; non-null only while the task is in progress. */
  in_progress_at: Date | null;
  /** Start of the most recent finished in-progress period (kept when the task leaves in_progress). */
  previous_in_progress_at: Date | null;
  /** When the task last entered done; null while not done. */
  done_at: Date | null;
  auto_created: boolean;
  auto_reason: string | null;
}

/** A dependency target (or any task the rules need the status of). */
export interface DependencyTask {
  id: string;
  status: TaskStatus;
  title?: string;
}

export interface DependencyEdge {
  task_id: string;
  depends_on_task_id: string;
}

/** A task that depends on the task being updated (for dependent reconciliation, spec 3.3). */
export interface DependentTask {
  id: string;
  board_id: string;
  title: string;
  status: TaskStatus;
  assigned_agent_id: string | null;
  in_progress_at: Date | null;
  previous_in_progress_at: Date | null;
}

export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

/** An approval linked to the task (link row, or legacy approvals.task_id without links). */
export interface LinkedApproval {
  id: string;
  status: ApprovalStatus;
}

/** A stored `task.comment` event. `agent_id` null = a user wrote it. */
export interface TaskCommentRef {
  agent_id: string | null;
  message: string;
  created_at: Date;
}

/**
 * The requested change of a PATCH. A key that is absent (or undefined) leaves the value
 * unchanged; an explicit null clears it (where the column is nullable).
 */
export interface TaskChangeRequest {
  title?: string;
  description?: string | null;
  status?: TaskStatus | null;
  priority?: string;
  due_at?: Date | null;
  assigned_agent_id?: string | null;
  comment?: string | null;
  depends_on_task_ids?: string[];
  tag_ids?: string[];
  custom_field_values?: Record<string, unknown>;
}

/** Column values to write. Only columns that change are present. */
export interface TaskColumnChanges {
  title?: string;
  description?: string | null;
  status?: TaskStatus;
  priority?: string;
  due_at?: Date | null;
  assigned_agent_id?: string | null;
  in_progress_at?: Date | null;
  previous_in_progress_at?: Date | null;
  done_at?: Date | null;
  updated_at?: Date;
}

/** An activity_events row to insert in the same transaction. */
export interface ActivityEventDraft {
  event_type: string;
  message: string;
  agent_id: string | null;
  task_id: string | null;
  board_id: string | null;
}

export type TaskNotificationKind =
  | 'new_task' // "NEW TASK ADDED" to the lead
  | 'task_assigned' // "TASK ASSIGNED" to the assignee
  | 'ready_for_review' // "TASK READY FOR LEAD REVIEW" to the lead assignee
  | 'changes_requested' // "CHANGES REQUESTED" to the worker sent back from review
  | 'back_in_inbox' // "TASK BACK IN INBOX" to the lead
  | 'task_mention' // "TASK MENTION" to a mentioned agent
  | 'task_comment'; // "NEW TASK COMMENT" to the assignee

/** A message to deliver to an agent through the gateway (recorded as a job). */
export interface TaskNotification {
  kind: TaskNotificationKind;
  agent_id: string;
  task_id: string;
  board_id: string;
  /** changes_requested: the lead's latest comment, or null for the default sentence. */
  feedback?: string | null;
  /** task_mention / task_comment: the comment text and its author (null agent = a user). */
  comment?: string;
  from_agent_id?: string | null;
  /** Activity event types the delivery records on success / failure. */
  activity: { notified: string; failed: string };
}

export type WakeReason = 'assignment' | 'status_in_progress';

/** A presence bump ("wake") of an assignee, recorded as `task.assignee_woken`. */
export interface AgentWake {
  agent_id: string;
  reason: WakeReason;
}

export type ErrorStatus = 403 | 404 | 409 | 422;

/** A refusal: the HTTP status and the `detail` payload (string or object, as the reference). */
export interface RuleError {
  ok: false;
  status: ErrorStatus;
  detail: string | Record<string, unknown>;
}
