import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors';

class InvalidJson extends Error {
  readonly code = 'FST_ERR_CTP_INVALID_JSON_BODY';
  readonly statusCode = 400;
}

/** PostgreSQL text and jsonb cannot hold U+0000: refuse it up front instead of failing with a 500. */
const hasNul = (text: string) => text.includes('\u0000');
const nulInBody = () =>
  new HttpError(422, [{ type: 'string_nul', loc: ['body'], msg: 'Text must not contain NUL (\\u0000) characters' }]);

/** Drops keys that could reach an object's prototype if a body were ever merged into one. */
function reviver(key: string, value: unknown) {
  if (hasNul(key) || (typeof value === 'string' && hasNul(value))) throw nulInBody();
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
    } catch (error) {
      done(error instanceof HttpError ? error : new InvalidJson('Request body is not valid JSON'), undefined);
    }
  });
}
