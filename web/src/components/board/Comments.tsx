import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { formatTime } from '../../lib/format';
import type { Agent, Page, TaskComment } from '../../lib/types';
import { Markdown } from '../Markdown';
import { Button, ErrorBanner, inputClass, Loading } from '../ui';

export const commentsKey = (taskId: string) => ['comments', taskId];

/** A task's comment thread and the composer. Bodies are markdown written by people and agents. */
export function Comments({ boardId, taskId, agents }: { boardId: string; taskId: string; agents: Agent[] }) {
  const client = useQueryClient();
  const [message, setMessage] = useState('');
  const path = `/boards/${encodeURIComponent(boardId)}/tasks/${encodeURIComponent(taskId)}/comments`;
  const comments = useQuery({
    queryKey: commentsKey(taskId),
    queryFn: () => api<Page<TaskComment>>(`${path}?limit=200`),
    refetchInterval: 15_000,
  });
  const post = useMutation({
    mutationFn: (text: string) => api<TaskComment>(path, { method: 'POST', body: { message: text } }),
    onSuccess: async () => {
      setMessage('');
      await client.invalidateQueries({ queryKey: commentsKey(taskId) });
    },
  });
  const names = new Map(agents.map((agent) => [agent.id, agent.name]));
  const items = [...(comments.data?.items ?? [])].sort((a, b) => a.created_at.localeCompare(b.created_at));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (message.trim()) post.mutate(message.trim());
  }

  return (
    <section aria-label="Comments" className="mt-6">
      <h3 className="text-sm font-semibold text-slate-700">Comments</h3>
      <form onSubmit={submit} className="mt-2">
        <label htmlFor="comment" className="sr-only">
          New comment
        </label>
        <textarea
          id="comment"
          rows={3}
          className={inputClass}
          placeholder="Write a message for the assigned agent. Tag @lead or @name."
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) submit(event);
          }}
        />
        <ErrorBanner error={post.error} title="Could not post the comment" />
        <Button type="submit" variant="primary" className="mt-2" disabled={post.isPending || !message.trim()}>
          {post.isPending ? 'Posting…' : 'Post comment'}
        </Button>
      </form>
      <ErrorBanner error={comments.error} title="Could not load comments" />
      {comments.isPending ? <Loading label="Loading comments…" /> : null}
      <ol className="mt-4 grid gap-3">
        {items.map((comment) => (
          <li key={comment.id} data-testid="comment" className="rounded-md border border-slate-200 bg-slate-50 p-3">
            <p className="mb-1 text-xs text-slate-500">
              <span className="font-medium text-slate-700">{comment.agent_id ? (names.get(comment.agent_id) ?? 'Agent') : 'Operator'}</span> ·{' '}
              {formatTime(comment.created_at)}
            </p>
            <Markdown className="text-sm">{comment.message}</Markdown>
          </li>
        ))}
        {comments.data && items.length === 0 ? <li className="text-sm text-slate-500">No comments yet.</li> : null}
      </ol>
    </section>
  );
}
