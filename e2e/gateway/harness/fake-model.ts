// A scripted OpenAI-compatible model provider on loopback (plain node:http). The gateway is
// configured to use it, so agent turns are deterministic:
//   REPLY_WITH: <text>   → the reply is exactly <text> (rest of that line)
//   TOOL_EXEC: <command> → a tool call to `exec` with {command}; once the tool result comes back
//                          the reply is `EXEC-DONE: <tool output>`
//   a wake-up (mentions the check-in or BOOTSTRAP.md) → runs the check-in command found in the
//                          system prompt (the agent's workspace files), unless they say NO_CHECKIN
//   a task assignment ("TASK ASSIGNED" with a "Task ID:" line) → does the work instantly and
//                          hands it in the way its operating manual says: a curl PATCH of the task
//                          to `review` with a comment, the URL and AUTH_TOKEN taken from the
//                          system prompt, unless the workspace files say NO_TASK_WORK
//   otherwise            → `FAKE-REPLY: <last line of the user's text>`
// Directives are also searched inside the gateway's internal-context blocks (wake/system text).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeModelRequest {
  at: number;
  path: string;
  stream: boolean;
  model: string | null;
  /** The text the directives were read from. */
  userText: string;
  reply: FakeReply;
}

export type FakeReply = { kind: 'text'; text: string } | { kind: 'tool'; command: string };

export interface FakeModel {
  /** Base URL to configure as the provider's baseUrl (ends in /v1). */
  baseUrl: string;
  port: number;
  modelId: string;
  requests: FakeModelRequest[];
  /** Resolves when a completion request matching `predicate` has been answered. */
  waitForRequest(predicate: (request: FakeModelRequest) => boolean, timeoutMs?: number): Promise<FakeModelRequest>;
  stop(): Promise<void>;
}

const INTERNAL_BLOCK = /<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>[\s\S]*?<<<END_OPENCLAW_INTERNAL_CONTEXT>>>/g;

interface ChatMessage {
  role: string;
  content?: unknown;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
      .join('\n');
  }
  return '';
}

/** Decides the reply for one chat-completions request. Exported for unit tests of the fake itself. */
export function decideReply(messages: ChatMessage[]): { reply: FakeReply; userText: string } {
  const visible = (m: ChatMessage) => textOf(m.content).replace(INTERNAL_BLOCK, '').trim();
  // The last message a person wrote (the gateway also adds user messages that only hold its
  // internal-context block, before and after tool results).
  let lastReal = -1;
  messages.forEach((m, i) => {
    if (m.role === 'user' && visible(m)) lastReal = i;
  });
  const since = messages.slice(Math.max(0, lastReal));
  // A tool result after it: the tool ran, report its output.
  const tools = since.filter((m) => m.role === 'tool');
  if (lastReal >= 0 && tools.length) {
    const output = textOf(tools[tools.length - 1].content).trim();
    return { reply: { kind: 'text', text: `EXEC-DONE: ${output}` }, userText: output };
  }
  const all = since.filter((m) => m.role === 'user').map((m) => textOf(m.content)).join('\n');
  const replyWith = /REPLY_WITH:[ \t]*(.+)/.exec(all);
  if (replyWith) return { reply: { kind: 'text', text: replyWith[1].trim() }, userText: all };
  const toolExec = /TOOL_EXEC:[ \t]*(.+)/.exec(all);
  if (toolExec) return { reply: { kind: 'tool', command: toolExec[1].trim() }, userText: all };
  // Like a model following its workspace instructions: asked to start (a wake-up), it runs the
  // check-in command written in its workspace files, which the gateway puts in the system prompt.
  // An agent whose files say NO_CHECKIN never does (for "agent never checks in" tests).
  const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content)).join('\n');
  const handIn = handInCommand(all, system);
  if (handIn) return { reply: { kind: 'tool', command: handIn }, userText: all };
  const checkIn = /^(curl -sS -X POST "[^"]+\/api\/v1\/agent\/heartbeat" -H "X-Agent-Token: [^"]+")\s*$/m.exec(system);
  if (checkIn && /check-in|BOOTSTRAP\.md/i.test(all) && !system.includes('NO_CHECKIN')) {
    return { reply: { kind: 'tool', command: checkIn[1] }, userText: all };
  }
  const text = lastReal >= 0 ? visible(messages[lastReal]) : '';
  const lastLine = text.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? '';
  return { reply: { kind: 'text', text: `FAKE-REPLY: ${lastLine}` }, userText: all };
}

/** The comment the fake model writes when it hands a task in (tests look for it). */
export const HAND_IN_COMMENT = 'FAKE-WORK-DONE: result attached';

/**
 * For a task assignment: the review hand-in its operating manual describes (`PATCH
 * <url>/tasks/<task_id>` with status and comment), with the agent's own token from the
 * connection facts in its workspace files. Null when the prompt has no such instructions.
 */
function handInCommand(userText: string, system: string): string | null {
  if (!/^(?:\[[^\]\n]*\]\s*)?TASK ASSIGNED\s*$/m.test(userText) || system.includes('NO_TASK_WORK')) return null;
  const taskId = /^Task ID: ([0-9a-f-]{36})\s*$/m.exec(userText)?.[1];
  const url = /`PATCH (\S+\/tasks\/)<task_id>`/.exec(system)?.[1];
  const token = /^AUTH_TOKEN=(\S+)\s*$/m.exec(system)?.[1];
  if (!taskId || !url || !token) return null;
  const body = JSON.stringify({ status: 'review', comment: HAND_IN_COMMENT });
  return `curl -sS -X PATCH "${url}${taskId}" -H "X-Agent-Token: ${token}" -H "Content-Type: application/json" -d '${body}'`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const USAGE = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };

function completionMessage(reply: FakeReply, callId: string) {
  if (reply.kind === 'text') return { message: { role: 'assistant', content: reply.text }, finish_reason: 'stop' };
  return {
    message: {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: callId, type: 'function', function: { name: 'exec', arguments: JSON.stringify({ command: reply.command }) } }],
    },
    finish_reason: 'tool_calls',
  };
}

function sendStream(res: ServerResponse, reply: FakeReply, model: string, callId: string, includeUsage: boolean): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created, model, choices: [{ index: 0, ...choice }], ...extra })}\n\n`);
  if (reply.kind === 'text') {
    chunk({ delta: { role: 'assistant', content: reply.text }, finish_reason: null });
    chunk({ delta: {}, finish_reason: 'stop' });
  } else {
    chunk({
      delta: {
        role: 'assistant',
        tool_calls: [{ index: 0, id: callId, type: 'function', function: { name: 'exec', arguments: JSON.stringify({ command: reply.command }) } }],
      },
      finish_reason: null,
    });
    chunk({ delta: {}, finish_reason: 'tool_calls' });
  }
  if (includeUsage) res.write(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created, model, choices: [], usage: USAGE })}\n\n`);
  res.write('data: [DONE]\n\n');
  res.end();
}

export async function startFakeModel(options: { modelId?: string } = {}): Promise<FakeModel> {
  const modelId = options.modelId ?? 'fake-model';
  const requests: FakeModelRequest[] = [];
  const waiters = new Set<() => void>();
  let calls = 0;

  const server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: modelId, object: 'model', created: 0, owned_by: 'fake' }] }));
        return;
      }
      if (req.method === 'POST' && path.endsWith('/chat/completions')) {
        const body = JSON.parse((await readBody(req)) || '{}') as {
          messages?: ChatMessage[];
          stream?: boolean;
          model?: string;
          stream_options?: { include_usage?: boolean };
        };
        const { reply, userText } = decideReply(body.messages ?? []);
        const callId = `call_fake_${++calls}`;
        const model = body.model ?? modelId;
        requests.push({ at: Date.now(), path, stream: body.stream === true, model: body.model ?? null, userText, reply });
        for (const wake of [...waiters]) wake();
        if (body.stream) {
          sendStream(res, reply, model, callId, body.stream_options?.include_usage !== false);
        } else {
          const { message, finish_reason } = completionMessage(reply, callId);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id: 'chatcmpl-fake',
              object: 'chat.completion',
              created: Math.floor(Date.now() / 1000),
              model,
              choices: [{ index: 0, message, finish_reason }],
              usage: USAGE,
            }),
          );
        }
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `fake model: no route ${req.method} ${path}` } }));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    modelId,
    requests,
    waitForRequest(predicate, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = requests.find(predicate);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake model: no matching request within ${timeoutMs} ms (${requests.length} requests seen)`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
