// An agent's whole life on a real gateway, as provisioning drives it: create → update → files →
// session → chat with the scripted model's exact reply in the history → delete.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendChatAndWait } from '../../server/src/gateway/chat';
import { messageText } from '../../server/src/gateway/chat-reply';
import { GatewayConnection } from '../../server/src/gateway/connection';
import { createDeviceIdentity } from '../../server/src/gateway/identity';
import { GatewayRpc } from '../../server/src/gateway/rpc';
import { mainSessionKey, workerAgentKey, workspacePath } from '../../server/src/gateway/session-keys';
import { useSharedGateway } from './harness/fixture';
import { eventually } from './harness/wait';

const fx = useSharedGateway();
let conn: GatewayConnection;
let rpc: GatewayRpc;
const agentKey = workerAgentKey(randomUUID());
const sessionKey = mainSessionKey(agentKey);

beforeAll(async () => {
  conn = new GatewayConnection({ url: fx.gateway.url, token: fx.gateway.token, identity: createDeviceIdentity() });
  rpc = new GatewayRpc(conn);
  await conn.ready(60_000);
}, 120_000);
afterAll(async () => {
  await conn?.close();
}, 120_000);

describe(`agent lifecycle on OpenClaw ${process.env.OPENCLAW_VERSION}`, () => {
  it('creates the agent and renames it once the gateway applied the change', async () => {
    const workspace = workspacePath(fx.gateway.workspaceRoot, agentKey);
    const created = await rpc.agentsCreate({ name: agentKey, workspace });
    expect(created.agentId).toBe(agentKey);
    // A just-created agent is invisible until the gateway's hot reload applied it.
    await rpc.waitForConfigApplied();
    await eventually(async () => (await rpc.agentsList()).agents.some((a) => a.id === agentKey), { what: 'agent listed' });
    await rpc.agentsUpdate({ agentId: agentKey, name: 'Lifecycle Worker' });
    await rpc.waitForConfigApplied();
    const config = await rpc.configGet();
    expect(JSON.stringify(config.config ?? config.parsed ?? {})).toContain('Lifecycle Worker');
  });

  it('writes workspace files and reads them back', async () => {
    const marker = `marker-${randomUUID()}`;
    await rpc.agentFileSet(agentKey, 'AGENTS.md', `# Operating manual\n\n${marker}\n`);
    await rpc.agentFileSet(agentKey, 'IDENTITY.md', `# Identity\n\nName: Lifecycle Worker\n`);
    const got = await rpc.agentFileGet(agentKey, 'AGENTS.md');
    expect(got.file.content).toBe(`# Operating manual\n\n${marker}\n`);
    const list = await rpc.agentFilesList(agentKey);
    const agents = list.files.find((f) => f.name === 'AGENTS.md');
    expect(agents?.missing).toBe(false);
  });

  it('ensures the session and finds it in the session list', async () => {
    await rpc.sessionsPatch({ key: sessionKey, label: 'Lifecycle Worker' });
    const session = await eventually(() => rpc.sessionGet(sessionKey).then((s) => s ?? undefined), { what: 'session listed' });
    expect(session.key).toBe(sessionKey);
  });

  it("gets the fake model's exact reply for a chat message, in the event and in the history", async () => {
    const expected = `ACK-${randomUUID()}`;
    const result = await sendChatAndWait(rpc, {
      sessionKey,
      message: `Hello Lifecycle Worker. Please answer.\nREPLY_WITH: ${expected}`,
      timeoutMs: 150_000,
    });
    expect(result).toMatchObject({ state: 'final', text: expected });

    const history = await rpc.chatHistory(sessionKey, 50);
    const texts = history.messages.filter((m) => m.role === 'assistant').map((m) => messageText(m.content));
    expect(texts).toContain(expected);
    const user = history.messages.find((m) => m.role === 'user' && messageText(m.content).includes(expected));
    expect(user).toBeDefined();
  });

  it('a repeated send with the same idempotency key starts no second run', async () => {
    const key = randomUUID();
    const expected = `ONCE-${randomUUID()}`;
    const first = await sendChatAndWait(rpc, { sessionKey, message: `REPLY_WITH: ${expected}`, idempotencyKey: key, timeoutMs: 150_000 });
    const again = await rpc.chatSend({ sessionKey, message: `REPLY_WITH: ${expected}`, idempotencyKey: key });
    expect(again.runId).toBe(first.runId);
    // Runs of one session are sequential: once a later message is answered, a duplicate run
    // of the repeated one would have finished too.
    const after = `AFTER-${randomUUID()}`;
    expect(await sendChatAndWait(rpc, { sessionKey, message: `REPLY_WITH: ${after}`, timeoutMs: 150_000 })).toMatchObject({ state: 'final', text: after });
    const history = await rpc.chatHistory(sessionKey, 200);
    const replies = history.messages.filter((m) => m.role === 'assistant' && messageText(m.content) === expected);
    expect(replies).toHaveLength(1);
  });

  it('runs a tool the model asks for and replies with its output', async () => {
    const marker = `tool-${randomUUID()}`;
    const result = await sendChatAndWait(rpc, { sessionKey, message: `Run this.\nTOOL_EXEC: echo ${marker}`, timeoutMs: 150_000 });
    expect(result.state).toBe('final');
    expect(result.text.startsWith('EXEC-DONE:'), JSON.stringify(result)).toBe(true);
    expect(result.text).toContain(marker);
  });

  it('deletes the agent with its sessions', async () => {
    await rpc.deleteAgentCompletely(agentKey, { timeoutMs: 90_000 });
    expect((await rpc.agentsList()).agents.map((a) => a.id)).not.toContain(agentKey);
    expect(await rpc.sessionGet(sessionKey)).toBeNull();
    const error = await rpc.agentFileGet(agentKey, 'AGENTS.md').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rpc', code: 'INVALID_REQUEST' });
  });
});
