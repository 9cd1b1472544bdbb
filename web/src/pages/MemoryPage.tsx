import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { BoardNav } from '../components/board/BoardNav';
import { Markdown } from '../components/Markdown';
import { Badge, Button, Card, Empty, ErrorBanner, inputClass, Loading } from '../components/ui';
import { api } from '../lib/api';
import { formatTime } from '../lib/format';
import type { MemoryEntry, Page } from '../lib/types';

const route = getRouteApi('/boards/$boardId/memory');

/** Board memory: the notes agents and people keep for the board (chat has its own panel). */
export function MemoryPage() {
  const { boardId } = route.useParams();
  const client = useQueryClient();
  const [content, setContent] = useState('');
  const [showChat, setShowChat] = useState(false);
  const path = `/boards/${encodeURIComponent(boardId)}/memory`;
  const memory = useQuery({
    queryKey: ['memory', boardId, showChat],
    queryFn: () => api<Page<MemoryEntry>>(`${path}?limit=200${showChat ? '' : '&is_chat=false'}`),
    refetchInterval: 30_000,
  });
  const add = useMutation({
    mutationFn: (text: string) => api<MemoryEntry>(path, { method: 'POST', body: { content: text } }),
    onSuccess: async () => {
      setContent('');
      await client.invalidateQueries({ queryKey: ['memory', boardId] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (content.trim()) add.mutate(content.trim());
  }
  return (
    <>
      <BoardNav boardId={boardId} />
      <Card className="mb-4">
        <form onSubmit={submit}>
          <label htmlFor="memory-content" className="text-sm font-medium">
            Add a note to board memory <span className="font-normal text-slate-500">(markdown; agents read it)</span>
          </label>
          <textarea id="memory-content" rows={3} className={`${inputClass} mt-1`} value={content} onChange={(e) => setContent(e.target.value)} />
          <ErrorBanner error={add.error} title="Could not save" />
          <Button type="submit" variant="primary" className="mt-2" disabled={add.isPending || !content.trim()}>
            Save note
          </Button>
        </form>
      </Card>
      <label className="mb-3 flex items-center gap-2 text-sm text-slate-600">
        <input type="checkbox" checked={showChat} onChange={(e) => setShowChat(e.target.checked)} />
        Include chat messages
      </label>
      <ErrorBanner error={memory.error} title="Could not load memory" />
      {memory.isPending ? <Loading /> : null}
      {memory.data && memory.data.items.length === 0 ? <Empty>No memory entries yet.</Empty> : null}
      <ol className="grid gap-3">
        {memory.data?.items.map((entry) => (
          <li key={entry.id} data-testid="memory-entry">
            <Card>
              <p className="mb-2 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                <span>{formatTime(entry.created_at)}</span>
                {entry.source ? <span>· {entry.source}</span> : null}
                {entry.is_chat ? <Badge tone="indigo">chat</Badge> : null}
                {(entry.tags ?? []).filter((tag) => tag !== 'chat').map((tag) => (
                  <Badge key={tag}>{tag}</Badge>
                ))}
              </p>
              <Markdown className="text-sm">{entry.content}</Markdown>
            </Card>
          </li>
        ))}
      </ol>
    </>
  );
}
