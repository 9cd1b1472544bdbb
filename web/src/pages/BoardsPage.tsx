import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { Button, Card, Empty, ErrorBanner, inputClass, Loading, PageHeader } from '../components/ui';
import { api } from '../lib/api';
import { relativeTime } from '../lib/format';
import type { Board, Page } from '../lib/types';

function NewBoardForm({ onDone }: { onDone: () => void }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: () => api<Board>('/boards', { method: 'POST', body: { name: name.trim(), description: description.trim() } }),
    onSuccess: async (board) => {
      await client.invalidateQueries({ queryKey: ['boards'] });
      onDone();
      await navigate({ to: '/boards/$boardId', params: { boardId: board.id } });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() && description.trim()) create.mutate();
  };
  return (
    <Card className="mb-4">
      <form onSubmit={submit} className="grid gap-3">
        <label className="text-sm font-medium">
          Name
          <input className={`${inputClass} mt-1`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <label className="text-sm font-medium">
          Description <span className="font-normal text-slate-500">(what should the lead agent know?)</span>
          <textarea className={`${inputClass} mt-1`} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} required />
        </label>
        <ErrorBanner error={create.error} />
        <div className="flex gap-2">
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Create board
          </Button>
          <Button onClick={onDone}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}

export function BoardsPage() {
  const [creating, setCreating] = useState(false);
  const boards = useQuery({
    queryKey: ['boards'],
    queryFn: () => api<Page<Board>>('/boards?limit=200'),
    refetchInterval: 30_000,
  });
  return (
    <>
      <PageHeader
        title="Boards"
        subtitle={boards.data ? `${boards.data.total} board${boards.data.total === 1 ? '' : 's'}` : undefined}
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            Create board
          </Button>
        }
      />
      {creating ? <NewBoardForm onDone={() => setCreating(false)} /> : null}
      <ErrorBanner error={boards.error} title="Could not load boards" />
      {boards.isPending ? <Loading /> : null}
      {boards.data && boards.data.items.length === 0 ? <Empty>No boards yet. Create your first board.</Empty> : null}
      {boards.data && boards.data.items.length > 0 ? (
        <Card className="overflow-x-auto p-0">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-4 py-2">Board</th>
                <th className="px-4 py-2">Type</th>
                <th className="px-4 py-2">Updated</th>
              </tr>
            </thead>
            <tbody>
              {boards.data.items.map((board) => (
                <tr key={board.id} className="border-b border-slate-100 last:border-0">
                  <td className="px-4 py-2">
                    <Link to="/boards/$boardId" params={{ boardId: board.id }} className="font-medium text-indigo-700 hover:underline">
                      {board.name}
                    </Link>
                    <p className="line-clamp-1 text-xs text-slate-500">{board.description}</p>
                  </td>
                  <td className="px-4 py-2 text-slate-600">{board.board_type}</td>
                  <td className="px-4 py-2 text-slate-600">{relativeTime(board.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
    </>
  );
}
