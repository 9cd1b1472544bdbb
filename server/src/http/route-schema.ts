import { ErrorResponse } from '../presenters/common';

/** Error responses a route may answer with, for its OpenAPI document. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, ErrorResponse]));
}

/** Errors every authenticated route can answer with. */
export const AUTHED = [401, 422] as const;
