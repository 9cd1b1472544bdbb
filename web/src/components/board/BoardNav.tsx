import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { api } from '../../lib/api';
import type { Board } from '../../lib/types';
import { ErrorBanner } from '../ui';

const tab = 'border-b-2 border-transparent px-3 py-2 text-sm text-slate-600 hover:text-slate-900';
const activeTab = { className: 'border-b-2 border-indigo-600 px-3 py-2 text-sm font-medium text-indigo-700' };

export function useBoard(boardId: string) {
  return useQuery({ queryKey: ['board', boardId], queryFn: () => api<Board>(`/boards/${encodeURIComponent(boardId)}`) });
}

/** Board title plus the tabs every board page shares. */
export function BoardNav({ boardId, actions, badge }: { boardId: string; actions?: ReactNode; badge?: number }) {
  const board = useBoard(boardId);
  const params = { boardId };
  return (
    <div className="mb-4">
      <ErrorBanner error={board.error} title="Could not load the board" />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <Link to="/boards" className="text-xs text-slate-500 hover:underline">
            Boards
          </Link>
          <h1 className="truncate text-xl font-semibold text-slate-900" data-testid="board-name">
            {board.data?.name ?? '…'}
          </h1>
        </div>
        {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
      </div>
      <nav className="mt-3 flex gap-1 border-b border-slate-200" aria-label="Board">
        <Link to="/boards/$boardId" params={params} search={{}} className={tab} activeProps={activeTab} activeOptions={{ exact: true, includeSearch: false }}>
          Tasks
        </Link>
        <Link to="/boards/$boardId/approvals" params={params} className={tab} activeProps={activeTab}>
          Approvals{badge ? <span className="ml-1 rounded-full bg-amber-100 px-1.5 text-xs text-amber-800">{badge}</span> : null}
        </Link>
        <Link to="/boards/$boardId/memory" params={params} className={tab} activeProps={activeTab}>
          Memory
        </Link>
        <Link to="/boards/$boardId/webhooks" params={params} className={tab} activeProps={activeTab}>
          Webhooks
        </Link>
      </nav>
    </div>
  );
}
