import type { FastifyInstance } from 'fastify';

/** Latency buckets in seconds (Prometheus convention: cumulative `le` buckets plus +Inf). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export type Labels = Record<string, string>;

export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** One metric family in the Prometheus text exposition format. */
export function family(name: string, type: 'counter' | 'gauge', help: string, samples: [Labels, number][]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, value] of samples) lines.push(`${name}${labelText(labels)} ${value}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Request counts and latencies of this process, labelled by route pattern (never the raw path,
 * so ids do not explode the label set), method and status.
 */
export class HttpMetrics {
  private readonly requests = new Map<string, number>();
  private readonly latencies = new Map<string, Histogram>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = JSON.stringify([method, route, String(status)]);
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const latencyKey = JSON.stringify([method, route]);
    let histogram = this.latencies.get(latencyKey);
    if (!histogram) {
      histogram = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.latencies.set(latencyKey, histogram);
    }
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) histogram.counts[i] += 1;
    });
    histogram.sum += seconds;
    histogram.count += 1;
  }

  render(): string {
    const counts: [Labels, number][] = [...this.requests].map(([key, value]) => {
      const [method, route, status] = JSON.parse(key) as string[];
      return [{ method, route, status }, value];
    });
    let text = family('mc_http_requests_total', 'counter', 'HTTP requests answered, by method, route pattern and status.', counts);
    const name = 'mc_http_request_duration_seconds';
    const lines = [`# HELP ${name} HTTP request latency by method and route pattern.`, `# TYPE ${name} histogram`];
    for (const [key, h] of this.latencies) {
      const [method, route] = JSON.parse(key) as string[];
      BUCKETS.forEach((bound, i) => lines.push(`${name}_bucket${labelText({ method, route, le: String(bound) })} ${h.counts[i]}`));
      lines.push(`${name}_bucket${labelText({ method, route, le: '+Inf' })} ${h.count}`);
      lines.push(`${name}_sum${labelText({ method, route })} ${h.sum}`);
      lines.push(`${name}_count${labelText({ method, route })} ${h.count}`);
    }
    text += `${lines.join('\n')}\n`;
    return text;
  }
}

/** Records every answered request into `metrics`. */
export function installMetrics(app: FastifyInstance, metrics: HttpMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}
