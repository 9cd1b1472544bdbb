import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import type { TaskCard } from '../../lib/types';
import { Button, Card, ErrorBanner, inputClass } from '../ui';

/** "Add a task to the inbox and triage it when you are ready." */
export function NewTaskForm({ boardId, onDone }: { boardId: string; onDone: () => void }) {
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState('medium');
  const create = useMutation({
    mutationFn: () =>
      api<TaskCard>(`/boards/${encodeURIComponent(boardId)}/tasks`, {
        method: 'POST',
        body: { title: title.trim(), description: description.trim() || null, priority },
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['snapshot', boardId] });
      onDone();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (title.trim()) create.mutate();
  }
  return (
    <Card className="mb-4">
      <form onSubmit={submit} className="grid gap-3" aria-label="New task">
        <label className="text-sm font-medium">
          Title
          <input className={`${inputClass} mt-1`} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={500} />
        </label>
        <label className="text-sm font-medium">
          Description <span className="font-normal text-slate-500">(markdown)</span>
          <textarea className={`${inputClass} mt-1`} rows={4} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label className="text-sm font-medium">
          Priority
          <select className={`${inputClass} mt-1`} value={priority} onChange={(e) => setPriority(e.target.value)}>
            <option value="low">Low</option>
            <option value="medium">Medium</option>
            <option value="high">High</option>
          </select>
        </label>
        <ErrorBanner error={create.error} />
        <div className="flex gap-2">
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Add task
          </Button>
          <Button onClick={onDone}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}
