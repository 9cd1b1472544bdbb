import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import { ensureSecretFile, LOCAL_TOKEN_FILE, newLocalToken } from '../runtime/data-dir';

export async function runTokenCommand(config: Config, args: string[]): Promise<void> {
  if (config.authMode !== 'local') throw new Error('token commands apply to AUTH_MODE=local only');
  if (config.localAuthToken) throw new Error('LOCAL_AUTH_TOKEN is set in the environment; change it there');
  const [action = 'show'] = args;
  if (action === 'rotate') rmSync(join(config.dataDir, LOCAL_TOKEN_FILE), { force: true });
  else if (action !== 'show') throw new Error(`unknown token action '${action}' (show or rotate)`);
  const { value } = ensureSecretFile(config.dataDir, LOCAL_TOKEN_FILE, newLocalToken);
  process.stdout.write(`${value}\n`);
  if (action === 'rotate') process.stdout.write('Restart Mission Control for the new token to take effect.\n');
}
