import { Link } from '@tanstack/react-router';
import { formatTime } from '../../lib/format';
import type { TaskCard, TaskStatus } from '../../lib/types';
import { Badge } from '../ui';

export const STATUSES: { status: TaskStatus; label: string; dot: string }[] = [
  { status: 'inbox', label: 'Inbox', dot: 'bg-slate-400' },
  { status: 'in_progress', label: 'In progress', dot: 'bg-sky-500' },
  { status: 'review', label: 'Review', dot: 'bg-violet-500' },
  { status: 'done', label: 'Done', dot: 'bg-emerald-500' },
];

const PRIORITY_TONE: Record<string, 'rose' | 'amber' | 'slate'> = { high: 'rose', medium: 'amber', low: 'slate' };

function Card({ task, boardId, selected }: { task: TaskCard; boardId: string; selected: boolean }) {
  const tint = task.is_blocked ? 'border-l-rose-500' : task.approvals_pending_count > 0 ? 'border-l-amber-500' : 'border-l-transparent';
  const overdue = task.due_at && task.status !== 'done' && new Date(task.due_at).getTime() < Date.now();
  return (
    <Link
      to="/boards/$boardId"
      params={{ boardId }}
      search={{ taskId: task.id }}
      data-testid="task-card"
      className={`block rounded-md border border-l-4 border-slate-200 bg-white p-3 shadow-sm hover:border-slate-300 ${tint} ${selected ? 'ring-2 ring-indigo-400' : ''}`}
    >
      <p className="text-sm font-medium break-words text-slate-900">{task.title}</p>
      <div className="mt-2 flex flex-wrap items-center gap-1">
        <Badge tone={PRIORITY_TONE[task.priority] ?? 'slate'}>{task.priority.toUpperCase()}</Badge>
        {task.is_blocked ? <Badge tone="rose">Blocked · {task.blocked_by_task_ids.length}</Badge> : null}
        {task.approvals_pending_count > 0 ? <Badge tone="amber">Approval needed · {task.approvals_pending_count}</Badge> : null}
        {task.tags.slice(0, 3).map((tag) => (
          <Badge key={tag.id}>{tag.name}</Badge>
        ))}
        {task.tags.length > 3 ? <Badge>+{task.tags.length - 3}</Badge> : null}
      </div>
      <p className="mt-2 text-xs text-slate-500">
        {task.assignee ?? 'Unassigned'}
        {task.due_at ? <span className={overdue ? 'ml-2 text-rose-600' : 'ml-2'}>{overdue ? 'Overdue · ' : 'Due '}{formatTime(task.due_at)}</span> : null}
      </p>
    </Link>
  );
}

/** The four status columns of a board. */
export function TaskColumns({ tasks, boardId, selectedId }: { tasks: TaskCard[]; boardId: string; selectedId?: string }) {
  return (
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
      {STATUSES.map(({ status, label, dot }) => {
        const column = tasks.filter((task) => task.status === status);
        return (
          <section key={status} aria-label={label} data-testid={`column-${status}`} className="rounded-lg bg-slate-100 p-3">
            <h2 className="mb-3 flex items-center gap-2 text-sm font-semibold text-slate-700">
              <span className={`h-2 w-2 rounded-full ${dot}`} />
              {label}
              <span className="ml-auto rounded-full bg-white px-2 text-xs text-slate-500">{column.length}</span>
            </h2>
            <div className="grid gap-2">
              {column.map((task) => (
                <Card key={task.id} task={task} boardId={boardId} selected={task.id === selectedId} />
              ))}
              {column.length === 0 ? <p className="text-xs text-slate-400">No tasks</p> : null}
            </div>
          </section>
        );
      })}
    </div>
  );
}
