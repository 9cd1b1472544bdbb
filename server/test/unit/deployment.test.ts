import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface ComposeService {
  build?: unknown;
  image?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  healthcheck?: { test: unknown };
  ports?: string[];
}

/** `docker compose` (plugin) or `docker-compose` (standalone), whichever this machine has. */
function composeCommand(): string[] | null {
  for (const cmd of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(cmd[0], [...cmd.slice(1), 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return cmd;
  }
  return null;
}

describe('compose.yml', () => {
  const compose = parse(read('compose.yml')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
  const mc = compose.services['mission-control'];

  it('runs Mission Control built from the Dockerfile, on PostgreSQL with a named volume and Redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['mission-control', 'postgres', 'redis']);
    expect(mc.build).toBe('.');
    expect(mc.environment?.DATABASE_URL).toMatch(/^postgres:\/\/mission_control:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/mission_control$/);
    expect(mc.environment?.RATE_LIMIT_BACKEND).toBe('redis');
    expect(mc.environment?.RATE_LIMIT_REDIS_URL).toBe('redis://redis:6379');
    expect(mc.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(mc.volumes).toContain('mc-data:/data');
    expect(mc.ports).toEqual(['127.0.0.1:8000:8000']);
    const pgVolume = compose.services.postgres.volumes?.[0] ?? '';
    expect(pgVolume).toBe('pg-data:/var/lib/postgresql/data');
    expect(compose.volumes).toHaveProperty('pg-data');
    expect(compose.volumes).toHaveProperty('mc-data');
    for (const name of ['postgres', 'redis']) expect(compose.services[name].healthcheck?.test).toBeTruthy();
  });

  it('pins PostgreSQL to the major version of the pg_dump in the image', () => {
    expect(compose.services.postgres.image).toBe('postgres:15');
    expect(read('Dockerfile')).toMatch(/Debian bookworm ships\s*\n#\s*the PostgreSQL 15 client/);
  });

  const command = composeCommand();
  it.skipIf(!command)('is valid for docker compose config', () => {
    const result = spawnSync(command![0], [...command!.slice(1), '-f', join(root, 'compose.yml'), 'config'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', POSTGRES_PASSWORD: 'validate-only' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const resolved = parse(result.stdout) as { services: Record<string, ComposeService> };
    expect(resolved.services['mission-control'].environment?.DATABASE_URL).toBe(
      'postgres://mission_control:validate-only@postgres:5432/mission_control',
    );
    const missing = spawnSync(command![0], [...command!.slice(1), '-f', join(root, 'compose.yml'), 'config'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('set POSTGRES_PASSWORD in .env');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)];
  const runtime = dockerfile.slice(stages.at(-1)!.index);

  it('is multi-stage: builds with dev dependencies, runs with production ones only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(runtime).toMatch(/npm ci --omit=dev|COPY --from=deps \/app\/node_modules/);
    for (const path of ['server/dist', 'server/migrations', 'web/dist']) expect(runtime).toContain(`COPY --from=build /app/${path}`);
  });

  it('runs as a non-root user, listens on all interfaces and has a readiness health check', () => {
    const user = /^USER\s+(\S+)/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime.indexOf('USER')).toBeLessThan(runtime.indexOf('ENTRYPOINT'));
    expect(runtime).toMatch(/HOST=0\.0\.0\.0/);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n.*\/readyz/m);
    expect(runtime).toMatch(/^CMD \["serve"\]$/m);
  });

  it('leaves local state and build output out of the context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', 'data', '.env']) expect(ignored).toContain(entry);
  });
});

describe('systemd units', () => {
  const unit = (name: string) => {
    const sections: Record<string, Record<string, string>> = {};
    let current = '';
    for (const line of read(`deploy/systemd/${name}`).split('\n')) {
      const header = /^\[(\w+)\]$/.exec(line.trim());
      if (header) sections[(current = header[1])] = {};
      else if (/^\w+=/.test(line)) sections[current][line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
    return sections;
  };

  it.each([
    ['mission-control.service', 'serve --no-worker'],
    ['mission-control-worker.service', 'worker'],
  ])('%s runs `%s` as an unprivileged user from the env file', (name, command) => {
    const { Service, Install } = unit(name);
    expect(Service.ExecStart).toBe(`/usr/bin/node server/dist/main.js ${command}`);
    expect(Service.User).toBe('mission-control');
    expect(Service.EnvironmentFile).toBe('/etc/mission-control/env');
    expect(Service.Restart).toBe('on-failure');
    expect(Install.WantedBy).toBe('multi-user.target');
  });

  it('the backup timer runs the backup service daily and keeps a bounded number of files', () => {
    const timer = unit('mission-control-backup.timer');
    expect(timer.Timer.OnCalendar).toMatch(/^\*-\*-\* \d\d:\d\d:\d\d/);
    expect(timer.Timer.Persistent).toBe('true');
    const service = unit('mission-control-backup.service');
    expect(service.Service.Type).toBe('oneshot');
    expect(service.Service.ExecStart).toContain('server/dist/main.js backup');
    expect(service.Service.ExecStartPost).toMatch(/tail -n \+15 \| xargs -r rm -f/);
  });
});
