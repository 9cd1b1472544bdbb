import pino, { type Logger } from 'pino';
import { Writable } from 'node:stream';
import type { Config } from '../config';

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'app', 'v']);

/** One pino JSON record as a readable line: `time LEVEL message key=value …`. */
export function formatText(record: Record<string, unknown>): string {
  const time = new Date(Number(record.time)).toISOString();
  const level = LEVEL_NAMES[Number(record.level)] ?? String(record.level);
  const extras = Object.entries(record)
    .filter(([key, value]) => !SKIP.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value)}`);
  return `${time} ${level.padEnd(5)} ${String(record.msg ?? '')}${extras.length ? ` ${extras.join(' ')}` : ''}\n`;
}

function textStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        try {
          out.write(formatText(JSON.parse(line)));
        } catch {
          out.write(`${line}\n`);
        }
      }
      done();
    },
  });
}

/** The process logger: JSON or text lines on stdout, secrets redacted wherever they appear. */
export function createLogger(config: Pick<Config, 'log'>, out: NodeJS.WritableStream = process.stdout): Logger {
  const options = {
    level: config.log.level,
    base: { app: 'mission-control' },
    messageKey: 'msg',
    redact: {
      paths: ['token', '*.token', 'secret', '*.secret', 'authorization', '*.authorization', 'req.headers.authorization', 'req.headers["x-agent-token"]'],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.epochTime,
  };
  return config.log.format === 'json' ? pino(options, out) : pino(options, textStream(out));
}
