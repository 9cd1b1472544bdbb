import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { BoardNav } from '../components/board/BoardNav';
import { Markdown } from '../components/Markdown';
import { Badge, Button, Card, Empty, ErrorBanner, inputClass, Loading } from '../components/ui';
import { api } from '../lib/api';
import { formatTime } from '../lib/format';
import type { Page, Webhook, WebhookPayload } from '../lib/types';

const route = getRouteApi('/boards/$boardId/webhooks');

/** Received payloads, shown as JSON text (never rendered). */
function Payloads({ boardId, webhookId }: { boardId: string; webhookId: string }) {
  const payloads = useQuery({
    queryKey: ['payloads', webhookId],
    queryFn: () => api<Page<WebhookPayload>>(`/boards/${encodeURIComponent(boardId)}/webhooks/${encodeURIComponent(webhookId)}/payloads?limit=20`),
  });
  if (payloads.isPending) return <Loading label="Loading payloads…" />;
  if (payloads.error) return <ErrorBanner error={payloads.error} title="Could not load payloads" />;
  if (payloads.data.items.length === 0) return <p className="text-sm text-slate-500">No payloads received for this webhook yet.</p>;
  return (
    <ol className="mt-2 grid gap-2">
      {payloads.data.items.map((item) => (
        <li key={item.id} data-testid="webhook-payload" className="rounded-md border border-slate-200 p-2">
          <p className="text-xs text-slate-500">
            {formatTime(item.received_at)} · {item.content_type ?? 'unknown type'} · from {item.source_ip ?? 'unknown'}
          </p>
          <pre className="mt-1 overflow-x-auto text-xs">{typeof item.payload === 'string' ? item.payload : JSON.stringify(item.payload, null, 2)}</pre>
        </li>
      ))}
    </ol>
  );
}

function WebhookCard({ webhook, boardId }: { webhook: Webhook; boardId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Card data-testid="webhook">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={webhook.enabled ? 'emerald' : 'slate'}>{webhook.enabled ? 'enabled' : 'disabled'}</Badge>
        {webhook.has_secret ? <Badge tone="indigo">signed (HMAC)</Badge> : <Badge tone="amber">unsigned</Badge>}
        <span className="text-xs text-slate-500">created {formatTime(webhook.created_at)}</span>
      </div>
      <h3 className="mt-3 text-xs font-semibold uppercase text-slate-500">Instruction for the lead agent</h3>
      <Markdown className="text-sm">{webhook.description}</Markdown>
      <p className="mt-3 text-xs text-slate-500">Endpoint</p>
      <code className="block overflow-x-auto rounded bg-slate-100 p-2 text-xs" data-testid="webhook-endpoint">
        {webhook.endpoint_url}
      </code>
      <Button className="mt-3" onClick={() => setOpen((value) => !value)}>
        {open ? 'Hide payloads' : 'Show payloads'}
      </Button>
      {open ? <Payloads boardId={boardId} webhookId={webhook.id} /> : null}
    </Card>
  );
}

function NewWebhookForm({ boardId }: { boardId: string }) {
  const client = useQueryClient();
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: () => api<Webhook>(`/boards/${encodeURIComponent(boardId)}/webhooks`, { method: 'POST', body: { description: description.trim(), enabled: true } }),
    onSuccess: async () => {
      setDescription('');
      await client.invalidateQueries({ queryKey: ['webhooks', boardId] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (description.trim()) create.mutate();
  }
  return (
    <Card className="mb-4">
      <form onSubmit={submit}>
        <label htmlFor="webhook-description" className="text-sm font-medium">
          New inbound webhook: what should the lead agent do when a payload arrives?
        </label>
        <textarea id="webhook-description" rows={2} className={`${inputClass} mt-1`} value={description} onChange={(e) => setDescription(e.target.value)} />
        <ErrorBanner error={create.error} title="Could not create the webhook" />
        <Button type="submit" variant="primary" className="mt-2" disabled={create.isPending || !description.trim()}>
          Create webhook
        </Button>
      </form>
    </Card>
  );
}

export function WebhooksPage() {
  const { boardId } = route.useParams();
  const webhooks = useQuery({
    queryKey: ['webhooks', boardId],
    queryFn: () => api<Page<Webhook>>(`/boards/${encodeURIComponent(boardId)}/webhooks?limit=200`),
  });
  return (
    <>
      <BoardNav boardId={boardId} />
      <NewWebhookForm boardId={boardId} />
      <ErrorBanner error={webhooks.error} title="Could not load webhooks" />
      {webhooks.isPending ? <Loading /> : null}
      {webhooks.data && webhooks.data.items.length === 0 ? <Empty>No webhooks on this board.</Empty> : null}
      <div className="grid gap-3">
        {webhooks.data?.items.map((webhook) => (
          <WebhookCard key={webhook.id} webhook={webhook} boardId={boardId} />
        ))}
      </div>
    </>
  );
}
