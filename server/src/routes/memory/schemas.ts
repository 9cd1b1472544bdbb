import { z } from 'zod';
import type { Agent, User } from '../../db/schema';
import type { MemoryAuthor } from '../../domain/memory/rules';
import { NonEmpty } from '../../http/inputs';
import { PageQuery } from '../../http/pagination';

export const BoardParams = z.object({ board_id: z.uuid() });
export const GroupParams = z.object({ group_id: z.uuid() });

export const MemoryListQuery = PageQuery.extend({
  is_chat: z.stringbool().optional().meta({ description: 'true: chat messages only; false: context notes only' }),
});

const memoryBody = {
  content: NonEmpty('content is required', 100_000),
  tags: z.array(z.string().max(100)).max(50).nullish().meta({ description: 'Tag `chat` makes the entry a chat message' }),
  source: z.string().max(200).nullish(),
};
export const BoardMemoryCreate = z.object(memoryBody).meta({ id: 'BoardMemoryCreate' });
export const BoardGroupMemoryCreate = z.object(memoryBody).meta({ id: 'BoardGroupMemoryCreate' });

/** The author of a memory row, from the board guard's actor. */
export function memoryAuthor(actor: { kind: 'user'; user: User } | { kind: 'agent'; agent: Agent }): MemoryAuthor {
  if (actor.kind === 'agent') return { kind: 'agent', id: actor.agent.id, name: actor.agent.name };
  return { kind: 'user', name: actor.user.name, preferred_name: actor.user.preferredName };
}
