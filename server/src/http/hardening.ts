import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Config } from '../config';

/**
 * The Content-Security-Policy of the web app's HTML: only our own scripts (no inline script, no
 * eval), no plugins, no framing, API calls to our own origin. Inline style attributes are allowed
 * (component libraries set them); they cannot run code.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The interactive API docs (swagger-ui) are our own static page but load its own inline assets. */
const DOCS = /^\/docs(\/|$)/;

/** Adds the CSP to every HTML response of the web app (not to the API docs UI, which has its own needs). */
export function installContentSecurityPolicy(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html') && !DOCS.test(request.url) && !reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', WEB_APP_CSP);
    }
    return payload;
  });
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a malformed Content-Length, bad
 * chunk framing, oversized headers) still get the JSON error envelope and the security headers,
 * and the connection is closed.
 */
export function clientErrorHandler(config: Config) {
  const headers = Object.entries(config.securityHeaders).filter(([, value]) => value !== '');
  return (error: Error & { code?: string }, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const [status, phrase] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request'];
    const requestId = randomUUID().replace(/-/g, '');
    const body = JSON.stringify({ detail: phrase, request_id: requestId });
    const lines = [
      `HTTP/1.1 ${status} ${phrase}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      `x-request-id: ${requestId}`,
      ...headers.map(([name, value]) => `${name}: ${value}`),
    ];
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  };
}
