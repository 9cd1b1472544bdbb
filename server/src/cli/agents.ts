// `mc agents list|reprovision` and `mc templates sync`: the agents as the database knows them,
// re-provisioning through the durable lifecycle job, and template sync talking to the gateway.
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Config } from '../config';
import { agents, boards, gateways, type Agent } from '../db/schema';
import { requestLifecycle } from '../domain/agents/lifecycle-jobs';
import { syncTemplates } from '../domain/gateways/template-sync';
import type { Services } from '../services';
import { findGateway } from './gateways';
import { output, parse, printJson, UsageError, withServices } from './operator';

const USAGE = {
  list: 'mc agents list [--gateway GATEWAY] [--board BOARD_ID] [--json]',
  reprovision: 'mc agents reprovision (AGENT_ID... | --all [--gateway GATEWAY] [--board BOARD_ID]) [--json]',
  sync: 'mc templates sync --gateway GATEWAY [--board BOARD_ID] [--agent AGENT_ID] [--lead-only] [--no-main] [--reset-sessions] [--rotate-tokens] [--force-bootstrap] [--overwrite] [--json]',
};

const kind = (a: Agent) => (!a.boardId ? 'main' : a.isBoardLead ? 'lead' : 'worker');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function selected(services: Services, values: { gateway?: string; board?: string }): Promise<Agent[]> {
  const where: SQL[] = [];
  if (values.gateway) where.push(eq(agents.gatewayId, (await findGateway(services, values.gateway)).id));
  if (values.board) {
    if (!UUID.test(values.board)) throw new UsageError(`--board must be a board id (a UUID), got '${values.board}'`);
    where.push(eq(agents.boardId, values.board));
  }
  return services.db.select().from(agents).where(and(...where)).orderBy(asc(agents.createdAt));
}

async function list(services: Services, args: string[]) {
  const { values } = parse(args, { gateway: { type: 'string' }, board: { type: 'string' } }, USAGE.list);
  const rows = await selected(services, values);
  const boardNames = new Map((await services.db.select({ id: boards.id, name: boards.name }).from(boards)).map((b) => [b.id, b.name]));
  const gatewayNames = new Map((await services.db.select({ id: gateways.id, name: gateways.name }).from(gateways)).map((g) => [g.id, g.name]));
  output(
    rows.map((a) => ({
      id: a.id,
      name: a.name,
      kind: kind(a),
      status: a.status,
      board_id: a.boardId,
      board: a.boardId ? boardNames.get(a.boardId) : null,
      gateway_id: a.gatewayId,
      gateway: gatewayNames.get(a.gatewayId),
      last_seen_at: a.lastSeenAt?.toISOString() ?? null,
      pending: a.provisionAction,
      last_error: a.lastProvisionError,
    })),
    ['id', 'name', 'kind', 'status', 'board', 'gateway', 'last_seen_at', 'last_error'],
    values.json,
    'no agents',
  );
}

async function reprovision(services: Services, args: string[]) {
  const { values, positionals } = parse(args, { all: { type: 'boolean' }, gateway: { type: 'string' }, board: { type: 'string' } }, USAGE.reprovision);
  if (!values.all && !positionals.length) throw new UsageError(`name the agents to re-provision, or pass --all\nusage: ${USAGE.reprovision}`);
  if (values.all && positionals.length) throw new UsageError('pass agent ids or --all, not both');
  const bad = positionals.find((p) => !UUID.test(p));
  if (bad) throw new UsageError(`'${bad}' is not an agent id (see \`mc agents list\`)`);
  const targets = values.all ? await selected(services, values) : await services.db.select().from(agents).where(inArray(agents.id, positionals));
  const missing = positionals.filter((id) => !targets.some((a) => a.id === id));
  if (missing.length) throw new UsageError(`no agent with id ${missing.join(', ')} (see \`mc agents list\`)`);
  const orgOf = new Map((await services.db.select({ id: gateways.id, org: gateways.organizationId }).from(gateways)).map((g) => [g.id, g.org]));
  await services.db.transaction(async (tx) => {
    for (const agent of targets) await requestLifecycle(tx, agent, orgOf.get(agent.gatewayId)!, { action: 'update', wake: true, resetSession: true });
  });
  const rows = targets.map((a) => ({ id: a.id, name: a.name, kind: kind(a), queued: 'update' }));
  if (values.json) return printJson(rows);
  output(rows, ['id', 'name', 'kind', 'queued'], false, 'no agents matched');
  if (rows.length) process.stdout.write('Queued as durable jobs: a running Mission Control (serve or worker) provisions them; watch `mc agents list`.\n');
}

async function sync(services: Services, args: string[]) {
  const { values, positionals } = parse(
    args,
    {
      gateway: { type: 'string' },
      board: { type: 'string' },
      agent: { type: 'string' },
      'lead-only': { type: 'boolean' },
      'no-main': { type: 'boolean' },
      'reset-sessions': { type: 'boolean' },
      'rotate-tokens': { type: 'boolean' },
      'force-bootstrap': { type: 'boolean' },
      overwrite: { type: 'boolean' },
    },
    USAGE.sync,
  );
  const ref = values.gateway ?? positionals[0];
  if (!ref) throw new UsageError(`name the gateway with --gateway\nusage: ${USAGE.sync}`);
  for (const [flag, value] of [['--board', values.board], ['--agent', values.agent]] as const) {
    if (value && !UUID.test(value)) throw new UsageError(`${flag} must be an id (a UUID), got '${value}'`);
  }
  const gateway = await findGateway(services, ref);
  const result = await syncTemplates(services, gateway, {
    includeMain: !values['no-main'],
    leadOnly: values['lead-only'] ?? false,
    resetSessions: values['reset-sessions'] ?? false,
    rotateTokens: values['rotate-tokens'] ?? false,
    forceBootstrap: values['force-bootstrap'] ?? false,
    overwrite: values.overwrite ?? false,
    boardId: values.board ?? null,
    agentId: values.agent ?? null,
  });
  if (result.errors.length) process.exitCode = 1;
  if (values.json) return printJson(result);
  process.stdout.write(`Template sync on ${gateway.name}: ${result.agents_updated} agent(s) updated, ${result.agents_skipped} skipped, gateway agent ${result.main_updated ? 'updated' : 'not updated'}.\n`);
  if (result.errors.length) output(result.errors.map((e) => ({ agent: e.agent_name ?? e.agent_id, board_id: e.board_id, message: e.message })), ['agent', 'board_id', 'message'], false);
}

export async function runAgentsCommand(config: Config, args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const run = { list, reprovision }[action as 'list' | 'reprovision'];
  if (!run) throw new UsageError(`unknown agents action '${action ?? ''}'\nusage:\n  ${USAGE.list}\n  ${USAGE.reprovision}`);
  await withServices(config, `agents ${action}`, (services) => run(services, rest));
}

export async function runTemplatesCommand(config: Config, args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'sync') throw new UsageError(`unknown templates action '${action ?? ''}'\nusage: ${USAGE.sync}`);
  await withServices(config, 'templates sync', (services) => sync(services, rest));
}
