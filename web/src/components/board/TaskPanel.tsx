import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api } from '../../lib/api';
import { formatTime } from '../../lib/format';
import type { Agent, Approval, TaskCard, TaskStatus } from '../../lib/types';
import { Markdown } from '../Markdown';
import { Badge, ErrorBanner } from '../ui';
import { Comments } from './Comments';
import { STATUSES } from './TaskColumns';

interface Props {
  boardId: string;
  task: TaskCard;
  agents: Agent[];
  approvals: Approval[];
}

/** The task detail side panel: description, status, linked approvals and comments. */
export function TaskPanel({ boardId, task, agents, approvals }: Props) {
  const client = useQueryClient();
  const update = useMutation({
    mutationFn: (status: TaskStatus) =>
      api(`/boards/${encodeURIComponent(boardId)}/tasks/${encodeURIComponent(task.id)}`, { method: 'PATCH', body: { status } }),
    onSettled: () => client.invalidateQueries({ queryKey: ['snapshot', boardId] }),
  });
  const linked = approvals.filter((approval) => approval.task_id === task.id || approval.task_ids.includes(task.id));

  return (
    <aside
      aria-label="Task detail"
      data-testid="task-panel"
      className="fixed inset-y-0 right-0 z-30 w-full overflow-y-auto border-l border-slate-200 bg-white p-5 shadow-xl sm:w-[min(760px,90vw)] lg:w-[max(560px,40vw)]"
    >
      <div className="flex items-start justify-between gap-3">
        <h2 className="text-lg font-semibold break-words text-slate-900" data-testid="task-title">
          {task.title}
        </h2>
        <Link to="/boards/$boardId" params={{ boardId }} search={{}} className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100" aria-label="Close task">
          Close
        </Link>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-2">
          Status
          <select
            aria-label="Status"
            className="rounded-md border border-slate-300 px-2 py-1"
            value={task.status}
            disabled={update.isPending}
            onChange={(event) => update.mutate(event.target.value as TaskStatus)}
          >
            {STATUSES.map(({ status, label }) => (
              <option key={status} value={status}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <Badge>{task.priority}</Badge>
        <span className="text-slate-500">{task.assignee ?? 'Unassigned'}</span>
        {task.due_at ? <span className="text-slate-500">Due {formatTime(task.due_at)}</span> : null}
      </div>
      <ErrorBanner error={update.error} title="Could not change the status" />
      <section aria-label="Description" className="mt-5">
        <h3 className="text-sm font-semibold text-slate-700">Description</h3>
        {task.description ? (
          <Markdown className="mt-1 text-sm text-slate-800">{task.description}</Markdown>
        ) : (
          <p className="mt-1 text-sm text-slate-500">No description provided.</p>
        )}
      </section>
      {linked.length > 0 ? (
        <section aria-label="Approvals" className="mt-5">
          <h3 className="text-sm font-semibold text-slate-700">Approvals</h3>
          <ul className="mt-1 grid gap-1 text-sm">
            {linked.map((approval) => (
              <li key={approval.id}>
                <Badge tone={approval.status === 'pending' ? 'amber' : approval.status === 'approved' ? 'emerald' : 'rose'}>{approval.status}</Badge>{' '}
                {approval.action_type} · {Math.round(approval.confidence)}% confidence
              </li>
            ))}
          </ul>
          <Link to="/boards/$boardId/approvals" params={{ boardId }} className="text-sm text-indigo-700 underline">
            View all approvals
          </Link>
        </section>
      ) : null}
      <Comments boardId={boardId} taskId={task.id} agents={agents} />
    </aside>
  );
}
