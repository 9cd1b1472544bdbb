import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { BoardNav } from '../components/board/BoardNav';
import { ChatPanel } from '../components/board/ChatPanel';
import { NewTaskForm } from '../components/board/NewTaskForm';
import { TaskColumns } from '../components/board/TaskColumns';
import { TaskPanel } from '../components/board/TaskPanel';
import { Markdown } from '../components/Markdown';
import { Button, ErrorBanner, Loading } from '../components/ui';
import { api } from '../lib/api';
import type { BoardSnapshot } from '../lib/types';

const route = getRouteApi('/boards/$boardId');

export function BoardPage() {
  const { boardId } = route.useParams();
  const { taskId, panel } = route.useSearch();
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const panelOpen = Boolean(taskId || panel);
  useEffect(() => {
    if (!panelOpen) return;
    // Escape closes the task or chat panel.
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') void navigate({ to: '/boards/$boardId', params: { boardId }, search: {} });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [panelOpen, boardId, navigate]);
  const snapshot = useQuery({
    queryKey: ['snapshot', boardId],
    queryFn: () => api<BoardSnapshot>(`/boards/${encodeURIComponent(boardId)}/snapshot`),
    refetchInterval: 10_000,
  });
  const data = snapshot.data;
  const task = taskId ? data?.tasks.find((item) => item.id === taskId) : undefined;

  return (
    <>
      <BoardNav
        boardId={boardId}
        badge={data?.pending_approvals_count}
        actions={
          <>
            <Button variant="primary" onClick={() => setCreating(true)}>
              New task
            </Button>
            <Link to="/boards/$boardId" params={{ boardId }} search={{ panel: 'chat' }} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
              Board chat
            </Link>
          </>
        }
      />
      {data?.board.description ? <Markdown className="mb-4 max-w-3xl text-sm text-slate-600">{data.board.description}</Markdown> : null}
      {creating ? <NewTaskForm boardId={boardId} onDone={() => setCreating(false)} /> : null}
      <ErrorBanner error={snapshot.error} title="Could not load the board" />
      {snapshot.isPending ? <Loading label="Loading board…" /> : null}
      {data ? (
        <div className="grid gap-4 lg:grid-cols-[1fr_220px]">
          <TaskColumns tasks={data.tasks} boardId={boardId} selectedId={taskId} />
          <aside aria-label="Agents" className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
            <h2 className="mb-2 font-semibold text-slate-700">Agents</h2>
            {data.agents.length === 0 ? <p className="text-slate-500">No agents assigned yet.</p> : null}
            <ul className="grid gap-1">
              {data.agents.map((agent) => (
                <li key={agent.id} className="flex items-center justify-between gap-2">
                  <span className="truncate">
                    {agent.name}
                    {agent.is_board_lead ? <span className="ml-1 text-xs text-slate-500">(lead)</span> : null}
                  </span>
                  <span className="text-xs text-slate-500">{agent.status}</span>
                </li>
              ))}
            </ul>
          </aside>
        </div>
      ) : null}
      {taskId && data && !task ? <ErrorBanner error={new Error('That task is not on this board (it may have been deleted).')} /> : null}
      {(task || panel === 'chat') && data ? (
        <Link to="/boards/$boardId" params={{ boardId }} search={{}} aria-label="Close panel" tabIndex={-1} className="fixed inset-0 z-20 bg-slate-900/20" />
      ) : null}
      {task && data ? <TaskPanel boardId={boardId} task={task} agents={data.agents} approvals={data.approvals} /> : null}
      {panel === 'chat' && !task && data ? <ChatPanel boardId={boardId} messages={data.chat_messages} /> : null}
    </>
  );
}
