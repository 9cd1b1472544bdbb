// `mc gateways list|add|status`: the registered gateways, registering one (with the same live
// compatibility check as the API), and each gateway's live connection state.
import { asc, count, eq } from 'drizzle-orm';
import type { Config } from '../config';
import { agents, gateways, type Gateway } from '../db/schema';
import { registerGateway } from '../domain/gateways/register';
import { describeGatewayError, isGatewayError } from '../gateway/errors';
import { HttpError } from '../http/errors';
import { GatewayCreate } from '../routes/gateways/schemas';
import type { Services } from '../services';
import { organizationOf, output, parse, printJson, UsageError, withServices } from './operator';

const USAGE = {
  list: 'mc gateways list [--org ID] [--json]',
  add: 'mc gateways add --name NAME --url ws(s)://HOST:PORT --workspace-root PATH [--token-env VAR | --token TOKEN] [--allow-insecure-tls] [--disable-device-pairing] [--org ID] [--json]',
  status: 'mc gateways status [GATEWAY] [--json]',
};

/** A gateway named by id or exact name. */
export async function findGateway(services: Services, ref: string): Promise<Gateway> {
  const all = await services.db.select().from(gateways).orderBy(asc(gateways.createdAt));
  const found = all.filter((g) => g.id === ref || g.name === ref);
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new UsageError(`several gateways are named '${ref}': use the id (${found.map((g) => g.id).join(', ')})`);
  throw new UsageError(`no gateway '${ref}' (run \`mc gateways list\` to see them)`);
}

async function list(services: Services, args: string[]) {
  const { values } = parse(args, { org: { type: 'string' } }, USAGE.list);
  const rows = await services.db.select().from(gateways).orderBy(asc(gateways.createdAt));
  const counts = await services.db.select({ gatewayId: agents.gatewayId, n: count() }).from(agents).groupBy(agents.gatewayId);
  const out = rows
    .filter((g) => !values.org || g.organizationId === values.org)
    .map((g) => ({
      id: g.id,
      name: g.name,
      url: g.url,
      workspace_root: g.workspaceRoot,
      organization_id: g.organizationId,
      agents: counts.find((c) => c.gatewayId === g.id)?.n ?? 0,
      has_token: Boolean(g.token),
    }));
  output(out, ['id', 'name', 'url', 'workspace_root', 'agents'], values.json, 'no gateways registered (add one with `mc gateways add`)');
}

async function add(services: Services, args: string[]) {
  const { values, positionals } = parse(
    args,
    {
      name: { type: 'string' },
      url: { type: 'string' },
      'workspace-root': { type: 'string' },
      token: { type: 'string' },
      'token-env': { type: 'string' },
      'allow-insecure-tls': { type: 'boolean' },
      'disable-device-pairing': { type: 'boolean' },
      org: { type: 'string' },
    },
    USAGE.add,
  );
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'\nusage: ${USAGE.add}`);
  let token = values.token ?? null;
  if (values['token-env']) {
    token = process.env[values['token-env']] ?? null;
    if (!token) throw new UsageError(`environment variable ${values['token-env']} is empty or not set`);
  }
  const input = GatewayCreate.safeParse({
    name: values.name ?? '',
    url: values.url ?? '',
    workspace_root: values['workspace-root'] ?? '',
    token,
    allow_insecure_tls: values['allow-insecure-tls'] ?? false,
    disable_device_pairing: values['disable-device-pairing'] ?? false,
  });
  if (!input.success) {
    const flag = (path: PropertyKey[]) => `--${String(path[0]).replace(/_/g, '-')}`;
    throw new UsageError(`${input.error.issues.map((i) => `${flag(i.path)}: ${i.message}`).join('\n')}\nusage: ${USAGE.add}`);
  }
  const organizationId = await organizationOf(services, values.org);
  let gateway: Gateway;
  try {
    gateway = await registerGateway(services, organizationId, input.data, null);
  } catch (error) {
    if (error instanceof HttpError) {
      const detail = typeof error.detail === 'string' ? error.detail : JSON.stringify(error.detail);
      throw new UsageError(`${detail}\nNothing was saved. Check the URL, the token and that the gateway is running.`);
    }
    throw error;
  }
  if (values.json) return printJson({ id: gateway.id, name: gateway.name, url: gateway.url, workspace_root: gateway.workspaceRoot, organization_id: gateway.organizationId });
  process.stdout.write(
    `Registered gateway ${gateway.name} (${gateway.id}).\nIts main agent is queued for provisioning: a running Mission Control (serve or worker) does it; follow it with \`mc agents list --gateway ${gateway.id}\`.\n`,
  );
}

async function status(services: Services, args: string[]) {
  const { values, positionals } = parse(args, {}, USAGE.status);
  const targets = positionals.length ? [await findGateway(services, positionals[0])] : await services.db.select().from(gateways).orderBy(asc(gateways.createdAt));
  const rows = [];
  for (const gateway of targets) {
    const [{ n }] = await services.db.select({ n: count() }).from(agents).where(eq(agents.gatewayId, gateway.id));
    try {
      const handle = await services.gateways.handle(gateway, 10_000);
      const live = services.gateways.status(gateway.id);
      rows.push({ id: gateway.id, name: gateway.name, url: gateway.url, connected: true, version: handle.serverVersion, protocol: handle.protocol, missing_scopes: live?.missing_scopes.join(',') || null, agents: n, error: null });
    } catch (error) {
      rows.push({ id: gateway.id, name: gateway.name, url: gateway.url, connected: false, version: null, protocol: null, missing_scopes: null, agents: n, error: isGatewayError(error) ? describeGatewayError(error) : (error as Error).message });
    }
  }
  output(rows, ['name', 'url', 'connected', 'version', 'protocol', 'agents', 'error'], values.json, 'no gateways registered (add one with `mc gateways add`)');
  if (rows.some((r) => !r.connected)) process.exitCode = 1;
}

export async function runGatewaysCommand(config: Config, args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const run = { list, add, status }[action as 'list' | 'add' | 'status'];
  if (!run) throw new UsageError(`unknown gateways action '${action ?? ''}'\nusage:\n  ${Object.values(USAGE).join('\n  ')}`);
  await withServices(config, `gateways ${action}`, (services) => run(services, rest));
}
