import { HttpError } from '../../../http/errors';
import type { RuleError } from '../types';

/** Throws a rule's refusal as the HTTP error the client sees (status and detail unchanged). */
export function ruleFailure(r: RuleError): never {
  throw new HttpError(r.status, r.detail);
}
