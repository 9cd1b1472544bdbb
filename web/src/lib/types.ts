// The parts of the API's read models (see /openapi.json) that the UI shows.

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface User {
  id: string;
  email: string | null;
  name: string | null;
  preferred_name: string | null;
}

export interface OrganizationListItem {
  id: string;
  name: string;
  role: string;
  is_active: boolean;
}

export interface Board {
  id: string;
  name: string;
  slug: string;
  description: string;
  board_type: string;
  objective: string | null;
  updated_at: string;
}

export type TaskStatus = 'inbox' | 'in_progress' | 'review' | 'done';

export interface TaskCard {
  id: string;
  board_id: string;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: string;
  due_at: string | null;
  assigned_agent_id: string | null;
  is_blocked: boolean;
  blocked_by_task_ids: string[];
  tags: { id: string; name: string; color: string }[];
  assignee: string | null;
  approvals_pending_count: number;
  updated_at: string;
}

export interface Agent {
  id: string;
  name: string;
  status: string;
  is_board_lead: boolean;
}

export interface Approval {
  id: string;
  board_id: string;
  action_type: string;
  task_id: string | null;
  task_ids: string[];
  task_titles: string[];
  payload: Record<string, unknown> | null;
  confidence: number;
  rubric_scores: Record<string, number> | null;
  status: 'pending' | 'approved' | 'rejected';
  agent_id: string | null;
  created_at: string;
  resolved_at: string | null;
}

export interface MemoryEntry {
  id: string;
  content: string;
  tags: string[] | null;
  source: string | null;
  is_chat: boolean;
  created_at: string;
  board_id: string;
}

export interface BoardSnapshot {
  board: Board;
  tasks: TaskCard[];
  agents: Agent[];
  approvals: Approval[];
  chat_messages: MemoryEntry[];
  pending_approvals_count: number;
}

export interface TaskComment {
  id: string;
  message: string | null;
  agent_id: string | null;
  task_id: string | null;
  created_at: string;
}

export interface ActivityEvent {
  id: string;
  event_type: string;
  message: string | null;
  agent_id: string | null;
  task_id: string | null;
  board_id: string | null;
  route_name: string;
  route_params: Record<string, string>;
  created_at: string;
}

export interface Webhook {
  id: string;
  board_id: string;
  agent_id: string | null;
  description: string;
  enabled: boolean;
  has_secret: boolean;
  endpoint_url: string;
  created_at: string;
}

export interface WebhookPayload {
  id: string;
  payload: unknown;
  source_ip: string | null;
  content_type: string | null;
  received_at: string;
}
