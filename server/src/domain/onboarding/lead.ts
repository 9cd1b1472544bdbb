import type { Board, User } from '../../db/schema';
import type { Services } from '../../services';
import { leadOptions, type DraftGoal } from './rules';

/**
 * After a confirmed onboarding the board needs its lead, shaped by the draft (name, identity
 * profile with the chosen autonomy, verbosity, output format, cadence, instructions).
 *
 * TODO(onboard→agentapi): call `ensureBoardLead` from `domain/agents/board-lead.ts` (branch
 * `agentapi`) once it is merged: `ensureBoardLead(services, board, { name, identityProfile, userId })`.
 * Until then confirming onboarding sets the board up but creates no lead.
 */
export async function ensureOnboardedLead(_services: Services, _board: Board, _user: User, draft: DraftGoal | null): Promise<void> {
  void leadOptions(draft);
}
