import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** An error a handler raises on purpose: the status and detail are what the client sees. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly detail: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
  }
}

export const notFound = (detail = 'Not Found') => new HttpError(404, detail);
export const forbidden = (detail = 'Forbidden') => new HttpError(403, detail);
export const conflict = (detail: unknown) => new HttpError(409, detail);
export const unauthorized = (detail = 'Not authenticated') =>
  new HttpError(401, detail, { 'www-authenticate': 'Bearer' });

/** One issue of a 422 answer, in the shape API clients of the reference already parse. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
}

export const validationError = (issues: ValidationIssue[]) => new HttpError(422, issues);
/** A 422 for one field, for rules checked after schema validation. */
export const invalidField = (loc: (string | number)[], msg: string, type = 'value_error') =>
  validationError([{ type, loc, msg }]);

const LOCATIONS: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, detail: unknown) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ detail, request_id: request.id }));
}

function classify(error: FastifyError): { status: number; detail: unknown; headers?: Record<string, string> } | null {
  if (error instanceof HttpError) return { status: error.statusCode, detail: error.detail, headers: error.headers };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = LOCATIONS[(error as { validationContext?: string }).validationContext ?? 'body'] ?? 'body';
    const issues: ValidationIssue[] = error.validation.map((v) => ({
      type: v.keyword,
      loc: [where, ...v.instancePath.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p))],
      msg: v.message ?? 'Invalid value',
    }));
    return { status: 422, detail: issues };
  }
  if (isResponseSerializationError(error)) return null;
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 422, detail: [{ type: 'json_invalid', loc: ['body'], msg: 'Request body is not valid JSON' }] };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, detail: 'Request body too large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, detail: 'Unsupported media type: send application/json' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, detail: 'Content-Length does not match the body' };
  }
  if (error instanceof SyntaxError && (error as { statusCode?: number }).statusCode === 400) {
    return { status: 422, detail: [{ type: 'json_invalid', loc: ['body'], msg: 'Request body is not valid JSON' }] };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return { status, detail: error.message };
  return null;
}

/** Every error leaves as `{"detail", "request_id"}`; unexpected ones as a logged 500. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = classify(error);
    if (!known) {
      request.log.error({ err: error }, 'unhandled error');
      return sendError(request, reply, 500, 'Internal Server Error');
    }
    if (known.headers) reply.headers(known.headers);
    return sendError(request, reply, known.status, known.detail);
  });
}
