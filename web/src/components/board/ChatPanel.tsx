import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { formatTime } from '../../lib/format';
import type { MemoryEntry } from '../../lib/types';
import { Markdown } from '../Markdown';
import { Button, ErrorBanner, inputClass } from '../ui';

/** Board chat: memory entries tagged `chat`, oldest first, plus a composer. */
export function ChatPanel({ boardId, messages }: { boardId: string; messages: MemoryEntry[] }) {
  const client = useQueryClient();
  const [content, setContent] = useState('');
  const send = useMutation({
    mutationFn: (text: string) => api<MemoryEntry>(`/boards/${encodeURIComponent(boardId)}/memory`, { method: 'POST', body: { content: text, tags: ['chat'] } }),
    onSuccess: async () => {
      setContent('');
      await client.invalidateQueries({ queryKey: ['snapshot', boardId] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (content.trim()) send.mutate(content.trim());
  }
  return (
    <aside aria-label="Board chat" data-testid="chat-panel" className="fixed inset-y-0 right-0 z-30 flex w-full flex-col border-l border-slate-200 bg-white shadow-xl sm:w-[560px]">
      <div className="flex items-center justify-between border-b border-slate-200 p-4">
        <div>
          <h2 className="font-semibold">Board chat</h2>
          <p className="text-xs text-slate-500">Talk to the lead agent. Tag others with @name.</p>
        </div>
        <Link to="/boards/$boardId" params={{ boardId }} search={{}} className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
          Close
        </Link>
      </div>
      <ol className="flex-1 space-y-3 overflow-y-auto p-4">
        {messages.map((message) => (
          <li key={message.id} data-testid="chat-message" className="rounded-md bg-slate-50 p-3">
            <p className="mb-1 text-xs text-slate-500">
              <span className="font-medium text-slate-700">{message.source ?? 'Operator'}</span> · {formatTime(message.created_at)}
            </p>
            <Markdown className="text-sm">{message.content}</Markdown>
          </li>
        ))}
        {messages.length === 0 ? <li className="text-sm text-slate-500">No messages yet. Start the conversation with your lead agent.</li> : null}
      </ol>
      <form onSubmit={submit} className="border-t border-slate-200 p-4">
        <label htmlFor="chat-message" className="sr-only">
          Message
        </label>
        <textarea
          id="chat-message"
          rows={2}
          className={inputClass}
          value={content}
          onChange={(event) => setContent(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) submit(event);
          }}
        />
        <ErrorBanner error={send.error} title="Could not send" />
        <Button type="submit" variant="primary" className="mt-2" disabled={send.isPending || !content.trim()}>
          Send
        </Button>
      </form>
    </aside>
  );
}
