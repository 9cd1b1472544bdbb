import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { BoardNav } from '../components/board/BoardNav';
import { Markdown } from '../components/Markdown';
import { Badge, Button, Card, Empty, ErrorBanner, Loading } from '../components/ui';
import { api } from '../lib/api';
import { formatTime, humanize } from '../lib/format';
import type { Approval, Page } from '../lib/types';

const route = getRouteApi('/boards/$boardId/approvals');

/** The approval's reason: payload.reason, or payload.decision.reason. */
function reasonOf(payload: Approval['payload']): string | null {
  if (!payload) return null;
  if (typeof payload.reason === 'string') return payload.reason;
  const decision = payload.decision as { reason?: unknown } | undefined;
  return decision && typeof decision.reason === 'string' ? decision.reason : null;
}

function ApprovalCard({ approval, boardId }: { approval: Approval; boardId: string }) {
  const client = useQueryClient();
  const decide = useMutation({
    mutationFn: (status: 'approved' | 'rejected') =>
      api<Approval>(`/boards/${encodeURIComponent(boardId)}/approvals/${encodeURIComponent(approval.id)}`, { method: 'PATCH', body: { status } }),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: ['approvals', boardId] });
      await client.invalidateQueries({ queryKey: ['snapshot', boardId] });
    },
  });
  const reason = reasonOf(approval.payload);
  const rest = approval.payload ? Object.fromEntries(Object.entries(approval.payload).filter(([key]) => key !== 'reason')) : {};
  const tone = approval.status === 'pending' ? 'amber' : approval.status === 'approved' ? 'emerald' : 'rose';
  return (
    <Card data-testid="approval" className={approval.status === 'pending' ? '' : 'opacity-80'}>
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="font-semibold">{humanize(approval.action_type)}</h2>
        <Badge tone={tone}>{approval.status}</Badge>
        <Badge tone={approval.confidence >= 90 ? 'emerald' : approval.confidence >= 80 ? 'indigo' : 'amber'}>{Math.round(approval.confidence)}% confidence</Badge>
        <span className="text-xs text-slate-500">requested {formatTime(approval.created_at)}</span>
      </div>
      {approval.task_titles.length > 0 ? (
        <ul className="mt-2 flex flex-wrap gap-2 text-sm">
          {approval.task_ids.map((taskId, index) => (
            <li key={taskId}>
              <Link to="/boards/$boardId" params={{ boardId }} search={{ taskId }} className="text-indigo-700 underline">
                {approval.task_titles[index] ?? 'Task'}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {reason ? (
        <section className="mt-3">
          <h3 className="text-xs font-semibold uppercase text-slate-500">Lead reasoning</h3>
          <Markdown className="text-sm">{reason}</Markdown>
        </section>
      ) : null}
      {Object.keys(rest).length > 0 ? (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-slate-600">Details</summary>
          <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 text-xs" data-testid="approval-payload">
            {JSON.stringify(rest, null, 2)}
          </pre>
        </details>
      ) : null}
      {approval.rubric_scores ? (
        <ul className="mt-3 flex flex-wrap gap-2 text-xs">
          {Object.entries(approval.rubric_scores).map(([name, score]) => (
            <li key={name}>
              <Badge>
                {name}: {score}
              </Badge>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorBanner error={decide.error} title="Could not record the decision" />
      {approval.status === 'pending' ? (
        <div className="mt-3 flex gap-2">
          <Button variant="primary" disabled={decide.isPending} onClick={() => decide.mutate('approved')}>
            Approve
          </Button>
          <Button variant="danger" disabled={decide.isPending} onClick={() => decide.mutate('rejected')}>
            Reject
          </Button>
        </div>
      ) : (
        <p className="mt-3 text-xs text-slate-500">Decided {formatTime(approval.resolved_at)}</p>
      )}
    </Card>
  );
}

export function ApprovalsPage() {
  const { boardId } = route.useParams();
  const approvals = useQuery({
    queryKey: ['approvals', boardId],
    queryFn: () => api<Page<Approval>>(`/boards/${encodeURIComponent(boardId)}/approvals?limit=200`),
    refetchInterval: 15_000,
  });
  const items = approvals.data?.items ?? [];
  const pending = items.filter((item) => item.status === 'pending');
  const resolved = items.filter((item) => item.status !== 'pending');
  return (
    <>
      <BoardNav boardId={boardId} badge={pending.length} />
      <p className="mb-3 text-sm text-slate-600">
        {pending.length} pending · {resolved.length} resolved
      </p>
      <ErrorBanner error={approvals.error} title="Could not load approvals" />
      {approvals.isPending ? <Loading /> : null}
      {approvals.data && items.length === 0 ? <Empty>All clear: no approvals to review right now.</Empty> : null}
      <div className="grid gap-3">
        {[...pending, ...resolved].map((approval) => (
          <ApprovalCard key={approval.id} approval={approval} boardId={boardId} />
        ))}
      </div>
    </>
  );
}
