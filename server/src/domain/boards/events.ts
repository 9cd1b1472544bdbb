// After-commit hooks of board changes. The agents/gateway areas register listeners here to send
// the "BOARD UPDATED" message to the lead and the group join/leave notices (spec 3.9); until
// then nothing is sent. Listener errors are logged, never returned to the client.
import type { Board } from '../../db/schema';
import type { Services } from '../../services';
import type { FieldChange, GroupMove } from './rules';

export interface BoardUpdated {
  before: Board;
  board: Board;
  changes: FieldChange[];
  group: GroupMove;
}

export interface BoardDeleted {
  board: Board;
}

type Listener<E> = (services: Services, event: E) => Promise<void>;
const updated: Listener<BoardUpdated>[] = [];
const deleted: Listener<BoardDeleted>[] = [];

export function onBoardUpdated(listener: Listener<BoardUpdated>): void {
  if (!updated.includes(listener)) updated.push(listener);
}

export function onBoardDeleted(listener: Listener<BoardDeleted>): void {
  if (!deleted.includes(listener)) deleted.push(listener);
}

async function run<E>(services: Services, listeners: Listener<E>[], event: E, name: string): Promise<void> {
  for (const listener of listeners) {
    try {
      await listener(services, event);
    } catch (err) {
      services.logger.warn({ err, event: name }, 'board listener failed');
    }
  }
}

export const boardUpdated = (services: Services, event: BoardUpdated) => run(services, updated, event, 'board.updated');
export const boardDeleted = (services: Services, event: BoardDeleted) => run(services, deleted, event, 'board.deleted');
