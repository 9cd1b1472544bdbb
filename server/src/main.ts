import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './runtime/logger';
import { completeConfig, startServer, startWorker } from './runtime/bootstrap';
import { runMigrateCommand } from './cli/migrate';
import { runTokenCommand } from './cli/token';
import { runBackupCommand, runRestoreCommand } from './cli/backup';
import { runAgentsCommand, runTemplatesCommand } from './cli/agents';
import { runGatewaysCommand } from './cli/gateways';

const USAGE = `Usage: mc <command>

Commands:
  serve [--no-worker] run the API, web app and background job worker (default)
  worker              run only the background job worker (with serve --no-worker elsewhere)
  migrate [--status|--check]
                      apply pending database migrations, list them, or exit 1 if any is pending
  token show|rotate   print the local sign-in token, or replace it with a new one
  backup [FILE]       write a backup of the database to FILE (default: mission-control-<time>.dump)
  restore FILE [--force]
                      restore a backup; --force replaces a database that holds data

Operator commands (against the configured database; add --json for JSON output):
  gateways list       the registered gateways
  gateways add --name NAME --url URL --workspace-root PATH [--token-env VAR]
                      register a gateway (live compatibility check first)
  gateways status [GATEWAY]
                      connect to each gateway and show version, protocol and errors
  agents list [--gateway GATEWAY] [--board BOARD_ID]
  agents reprovision AGENT_ID... | --all [--gateway GATEWAY]
                      queue a re-provisioning run (done by a running serve or worker)
  templates sync --gateway GATEWAY [--overwrite] [--rotate-tokens] [--reset-sessions] ...
                      rewrite agents' workspace files from the current templates
`;

function fail(message: string): never {
  process.stderr.write(`mission-control: ${message}\n`);
  process.exit(1);
}

async function serve(config: Config, args: string[], workerOnly = false): Promise<void> {
  const logger = createLogger(config);
  const complete = completeConfig(config, logger);
  const running = workerOnly
    ? await startWorker(complete, logger)
    : await startServer(complete, logger, { worker: !args.includes('--no-worker') });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  switch (command) {
    case 'serve':
      return serve(config, rest);
    case 'worker':
      return serve(config, rest, true);
    case 'migrate':
      return runMigrateCommand(config, rest);
    case 'token':
      return runTokenCommand(config, rest);
    case 'backup':
      return runBackupCommand(config, rest);
    case 'restore':
      return runRestoreCommand(config, rest);
    case 'gateways':
      return runGatewaysCommand(config, rest);
    case 'agents':
      return runAgentsCommand(config, rest);
    case 'templates':
      return runTemplatesCommand(config, rest);
    default:
      fail(`unknown command '${command}'\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: Error) => fail(error.message));
