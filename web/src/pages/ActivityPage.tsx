import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Markdown } from '../components/Markdown';
import { Badge, Card, Empty, ErrorBanner, Loading, PageHeader } from '../components/ui';
import { api } from '../lib/api';
import { formatTime, humanize, relativeTime } from '../lib/format';
import type { ActivityEvent, Page } from '../lib/types';

interface CommentItem {
  id: string;
  created_at: string;
  message: string;
  agent_name: string | null;
  task_id: string;
  task_title: string;
  board_id: string;
  board_name: string;
}

function EventTarget({ event }: { event: ActivityEvent }) {
  const boardId = event.route_params.boardId ?? event.board_id;
  if (!boardId) return null;
  if (event.route_name === 'board.approvals') {
    return (
      <Link to="/boards/$boardId/approvals" params={{ boardId }} className="text-xs text-indigo-700 underline">
        Open approvals
      </Link>
    );
  }
  const taskId = event.route_params.taskId ?? event.task_id ?? undefined;
  const chat = !taskId && event.route_params.panel === 'chat';
  return (
    <Link to="/boards/$boardId" params={{ boardId }} search={taskId ? { taskId } : chat ? { panel: 'chat' } : {}} className="text-xs text-indigo-700 underline">
      {taskId ? 'Open task' : chat ? 'Open board chat' : 'Open board'}
    </Link>
  );
}

function Events() {
  const events = useQuery({ queryKey: ['activity'], queryFn: () => api<Page<ActivityEvent>>('/activity?limit=200'), refetchInterval: 10_000 });
  if (events.error) return <ErrorBanner error={events.error} title="Unable to load activity feed" />;
  if (events.isPending) return <Loading />;
  if (events.data.items.length === 0) return <Empty>Waiting for new activity…</Empty>;
  return (
    <ol className="grid gap-2">
      {events.data.items.map((event) => (
        <li key={event.id} data-testid="activity-event">
          <Card className="p-3">
            <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
              <Badge tone="indigo">{humanize(event.event_type)}</Badge>
              <span title={formatTime(event.created_at)}>{relativeTime(event.created_at)}</span>
              <EventTarget event={event} />
            </div>
            <Markdown className="mt-1 text-sm">{event.message}</Markdown>
          </Card>
        </li>
      ))}
    </ol>
  );
}

function Comments() {
  const comments = useQuery({ queryKey: ['activity', 'comments'], queryFn: () => api<Page<CommentItem>>('/activity/task-comments?limit=200'), refetchInterval: 10_000 });
  if (comments.error) return <ErrorBanner error={comments.error} title="Unable to load comments" />;
  if (comments.isPending) return <Loading />;
  if (comments.data.items.length === 0) return <Empty>No comments yet.</Empty>;
  return (
    <ol className="grid gap-2">
      {comments.data.items.map((item) => (
        <li key={item.id} data-testid="activity-comment">
          <Card className="p-3">
            <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
              <span className="font-medium text-slate-700">{item.agent_name ?? 'Operator'}</span>
              <span>on</span>
              <Link to="/boards/$boardId" params={{ boardId: item.board_id }} search={{ taskId: item.task_id }} className="text-indigo-700 underline">
                {item.task_title}
              </Link>
              <span>· {item.board_name}</span>
              <span title={formatTime(item.created_at)}>· {relativeTime(item.created_at)}</span>
            </div>
            <Markdown className="mt-1 text-sm">{item.message}</Markdown>
          </Card>
        </li>
      ))}
    </ol>
  );
}

/** Org-wide live feed: activity events and task comments across the boards you can read. */
export function ActivityPage() {
  const [tab, setTab] = useState<'events' | 'comments'>('events');
  const tabClass = (active: boolean) => `border-b-2 px-3 py-2 text-sm ${active ? 'border-indigo-600 font-medium text-indigo-700' : 'border-transparent text-slate-600'}`;
  return (
    <>
      <PageHeader title="Live feed" subtitle="Task, approval, agent and board activity across your boards." />
      <div className="mb-4 flex gap-1 border-b border-slate-200" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'events'} className={tabClass(tab === 'events')} onClick={() => setTab('events')}>
          Events
        </button>
        <button type="button" role="tab" aria-selected={tab === 'comments'} className={tabClass(tab === 'comments')} onClick={() => setTab('comments')}>
          Comments
        </button>
      </div>
      {tab === 'events' ? <Events /> : <Comments />}
    </>
  );
}
