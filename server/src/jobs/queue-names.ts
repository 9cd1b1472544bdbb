/**
 * Queue names shared by the areas that enqueue a job and the handler that runs it. One place, so
 * producers and the worker cannot drift apart.
 */
/** A message to one agent (or a board's lead) through its gateway: the shared delivery contract. */
export const NOTIFY_QUEUE = 'agent.notify';
/** The payload of a `NOTIFY_QUEUE` job, as every producer writes it and the delivery job reads it. */
export type NotifyPayload = {
  /** The agent to message, or null for the lead of `board_lead_of`. */
  agent_id: string | null;
  board_lead_of: string | null;
  message: string;
  /** Whether the gateway runs a turn on the message (false: recorded in the session only). */
  deliver: boolean;
  reason: string;
  /** Activity recorded with the outcome, or null for none. */
  activity: { board_id: string | null; task_id: string | null; success_type: string; failure_type: string } | null;
};
/** Removes an agent (its placement and workspace) from a gateway. */
export const GATEWAY_AGENT_DELETE_QUEUE = 'gateway.agent.delete';
/** One provisioning or update run of an agent on its gateway. */
export const LIFECYCLE_QUEUE = 'agent.lifecycle';
