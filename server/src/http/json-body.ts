import type { FastifyInstance } from 'fastify';

class InvalidJson extends Error {
  readonly code = 'FST_ERR_CTP_INVALID_JSON_BODY';
  readonly statusCode = 400;
}

/** Drops keys that could reach an object's prototype if a body were ever merged into one. */
function reviver(key: string, value: unknown) {
  return key === '__proto__' || key === 'constructor' ? undefined : value;
}

/** JSON is the only body type (others get 415); an empty body counts as none; unparsable JSON is a 422. */
export function installJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json$/, { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text, reviver));
    } catch {
      done(new InvalidJson('Request body is not valid JSON'), undefined);
    }
  });
}
