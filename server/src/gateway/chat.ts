// Sending a chat message to an agent session and waiting for its reply.
import { randomUUID } from 'node:crypto';
import { replyFromHistory, terminalChatEvent, type ChatOutcome } from './chat-reply';
import { GatewayError } from './errors';
import type { GatewayRpc } from './rpc';

export interface ChatExchange {
  sessionKey: string;
  message: string;
  idempotencyKey?: string;
  deliver?: boolean;
  /** Overall limit for the reply (the first turn of a new agent prepares its workspace). */
  timeoutMs?: number;
  /** Cadence of the chat.history check that backs up the event stream. */
  historyPollMs?: number;
}

export type ChatResult = ChatOutcome & {
  runId: string;
  idempotencyKey: string;
};

/**
 * Sends `message` and resolves with the run's outcome. The reply is taken from the first
 * terminal `chat` event of the run, or from the session history (which also covers events
 * lost during a reconnect and messages the gateway folded into another queued run). Before
 * sending it waits until the gateway has applied pending configuration changes, because a run
 * started during a hot reload fails before reaching the model.
 */
export async function sendChatAndWait(rpc: GatewayRpc, exchange: ChatExchange): Promise<ChatResult> {
  const timeoutMs = exchange.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  const idempotencyKey = exchange.idempotencyKey ?? randomUUID();
  await rpc.waitForConfigApplied({ timeoutMs: Math.max(1_000, deadline - Date.now()) });

  let runId: string | null = null;
  const early: unknown[] = [];
  let settle: (outcome: ChatOutcome) => void = () => {};
  const outcome = new Promise<ChatOutcome>((resolve) => {
    settle = resolve;
  });
  const off = rpc.caller.on('chat', (event) => {
    if (runId === null) {
      early.push(event.payload);
      return;
    }
    const terminal = terminalChatEvent(event.payload, runId);
    if (terminal) settle(terminal);
  });
  let stopped = false;
  try {
    const ack = await rpc.chatSend(
      { sessionKey: exchange.sessionKey, message: exchange.message, idempotencyKey, deliver: exchange.deliver ?? false },
      { timeoutMs: Math.max(1_000, Math.min(30_000, deadline - Date.now())) },
    );
    runId = ack.runId;
    for (const payload of early) {
      const terminal = terminalChatEvent(payload, runId);
      if (terminal) settle(terminal);
    }
    const poll = (async () => {
      while (!stopped && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, exchange.historyPollMs ?? 2_000));
        if (stopped) return;
        try {
          const history = await rpc.chatHistory(exchange.sessionKey, 200, { timeoutMs: 15_000 });
          const found = replyFromHistory(history.messages ?? [], idempotencyKey);
          if (found) settle(found);
        } catch {
          // Reconnecting or busy: the next round or the event stream will tell.
        }
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new GatewayError('timeout', `no reply in ${exchange.sessionKey} within ${timeoutMs} ms (run ${ack.runId})`, { method: 'chat.send' })),
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      const result = await Promise.race([outcome, timeout]);
      return { ...result, runId: ack.runId, idempotencyKey };
    } finally {
      clearTimeout(timer);
      stopped = true;
      void poll;
    }
  } finally {
    stopped = true;
    off();
  }
}
