import { z } from 'zod';
import { AgentRead } from './agents';
import { ApprovalRead } from './approvals';
import { BoardGroupRead, BoardRead } from './boards';
import { Timestamp, Uuid } from './common';
import { BoardMemoryRead } from './memory';
import { TagRef } from './tags';
import { TaskCardRead } from './tasks';

export const BoardSnapshot = z
  .object({
    board: BoardRead,
    tasks: z.array(TaskCardRead).meta({ description: 'Every task of the board, newest first' }),
    agents: z.array(AgentRead).meta({ description: 'Board agents, newest first, with computed status' }),
    approvals: z.array(ApprovalRead).meta({ description: 'The latest 200 approvals, newest first' }),
    chat_messages: z.array(BoardMemoryRead).meta({ description: 'The latest 200 chat messages, oldest first' }),
    pending_approvals_count: z.number().int(),
  })
  .meta({ id: 'BoardSnapshot' });

export const BoardGroupTaskSummary = z
  .object({
    id: Uuid,
    board_id: Uuid,
    board_name: z.string(),
    title: z.string(),
    status: z.string(),
    priority: z.string(),
    assigned_agent_id: Uuid.nullable(),
    assignee: z.string().nullable(),
    due_at: Timestamp.nullable(),
    in_progress_at: Timestamp.nullable(),
    tags: z.array(TagRef),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'BoardGroupTaskSummary' });

export const BoardGroupBoardSnapshot = z
  .object({ board: BoardRead, task_counts: z.record(z.string(), z.number().int()), tasks: z.array(BoardGroupTaskSummary) })
  .meta({ id: 'BoardGroupBoardSnapshot' });

export const BoardGroupSnapshot = z
  .object({ group: BoardGroupRead.nullable(), boards: z.array(BoardGroupBoardSnapshot) })
  .meta({ id: 'BoardGroupSnapshot' });
