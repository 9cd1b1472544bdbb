import type { Server } from './server';

/** BR-52: markup that runs script if any view renders stored text as HTML. */
export const XSS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[x](javascript:alert(1))',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<svg/onload=alert(1)>',
  '<iframe srcdoc="<script>alert(1)</script>">',
];

/** The payloads that show as their own characters (the markdown link shows only its text, "x"). */
export const LITERAL = XSS.filter((p) => !p.startsWith('['));

export interface Seeded {
  boardId: string;
  allTaskId: string;
  taskIds: string[];
  webhookId: string;
}

/**
 * Stores every payload everywhere a user, an agent or a webhook sender can put text: the board
 * description, task titles and descriptions, comments, board memory and chat, approvals (action,
 * reason and payload), a webhook description and an ingested payload.
 */
export async function seedPayloads(server: Server): Promise<Seeded> {
  await server.api('POST', '/organizations', { name: 'BR-52 org' });
  const board = await server.api('POST', '/boards', { name: 'Payload board', description: XSS.join('\n\n') });
  const all = await server.api('POST', `/boards/${board.id}/tasks`, { title: 'All payloads', description: XSS.join('\n\n'), status: 'review' });
  const taskIds: string[] = [];
  for (const [index, payload] of XSS.entries()) {
    taskIds.push((await server.api('POST', `/boards/${board.id}/tasks`, { title: `Payload ${index}: ${payload}`, description: payload })).id);
    await server.api('POST', `/boards/${board.id}/tasks/${all.id}/comments`, { message: payload });
    await server.api('POST', `/boards/${board.id}/memory`, { content: payload, source: payload, tags: ['note'] });
    await server.api('POST', `/boards/${board.id}/memory`, { content: `chat ${payload}`, tags: ['chat'] });
  }
  await server.api('POST', `/boards/${board.id}/approvals`, {
    action_type: 'task.complete',
    task_id: all.id,
    confidence: 85,
    payload: { reason: XSS.join('\n\n'), xss: XSS },
    rubric_scores: { clarity: 80 },
  });
  await server.api('POST', `/boards/${board.id}/approvals`, { action_type: XSS[1], confidence: 40, lead_reasoning: XSS[0] });
  const webhook = await server.api('POST', `/boards/${board.id}/webhooks`, { description: XSS.join('\n\n'), enabled: true });
  const ingest = await fetch(`${server.url}/api/v1/boards/${board.id}/webhooks/${webhook.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ xss: XSS, text: XSS.join(' ') }),
  });
  if (ingest.status !== 202) throw new Error(`ingest → ${ingest.status}: ${await ingest.text()}`);
  return { boardId: board.id, allTaskId: all.id, taskIds, webhookId: webhook.id };
}
