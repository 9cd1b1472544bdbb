import { z } from 'zod';
import type { BoardOnboardingSession } from '../db/schema';
import { iso, Timestamp, Uuid } from './common';

export const BoardOnboardingRead = z
  .object({
    id: Uuid,
    board_id: Uuid,
    session_key: z.string(),
    status: z.string(),
    messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string(), timestamp: z.string() })).nullable(),
    /** The gateway agent's completed draft (the "complete" payload), or null. */
    draft_goal: z.record(z.string(), z.unknown()).nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'BoardOnboardingRead' });

export function presentOnboarding(session: BoardOnboardingSession): z.infer<typeof BoardOnboardingRead> {
  return {
    id: session.id,
    board_id: session.boardId,
    session_key: session.sessionKey,
    status: session.status,
    messages: session.messages ?? null,
    draft_goal: (session.draftGoal as Record<string, unknown> | null) ?? null,
    created_at: iso(session.createdAt)!,
    updated_at: iso(session.updatedAt)!,
  };
}
