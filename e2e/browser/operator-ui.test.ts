import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, watchedPage } from './support/browser';
import { startServer, TOKEN, type Server } from './support/server';

// The operator UI works end to end against a real server, under its Content-Security-Policy:
// sign in with the local token, find the board, open a task, comment, move it, add a task,
// decide an approval, sign out. Every change is checked through the API too.

let server: Server;
let browser: Browser;
let boardId: string;
let taskId: string;

beforeAll(async () => {
  server = await startServer();
  const board = await server.api('POST', '/boards', { name: 'Launch website', description: 'Ship the **new** site.' });
  boardId = board.id;
  taskId = (await server.api('POST', `/boards/${boardId}/tasks`, { title: 'Write hero copy', description: 'Make it **bold** and short.', priority: 'high' })).id;
  await server.api('POST', `/boards/${boardId}/approvals`, { action_type: 'task.complete', task_id: taskId, confidence: 91, lead_reasoning: 'Copy is **ready**.' });
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('operator UI', () => {
  it('sign in, open a task, comment, move it, add a task, approve, sign out', async () => {
    const context = await browser.newContext();
    const { page, incidents } = await watchedPage(context, { signedIn: false });
    await page.goto(`${server.url}/boards`);

    // Sign-in card: a wrong token is refused, the right one is kept for this tab only.
    await page.getByRole('heading', { name: 'Sign in to Mission Control' }).waitFor();
    await page.getByLabel('Access token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('This token is not valid for this server.').waitFor();
    await page.getByLabel('Access token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Boards' }).waitFor();
    expect(await page.evaluate(() => [sessionStorage.getItem('mc.token'), Object.keys(localStorage).length, document.cookie])).toEqual([TOKEN, 0, '']);

    // Boards list → board page with its columns.
    await page.getByRole('link', { name: 'Launch website' }).click();
    await page.getByTestId('board-name').filter({ hasText: 'Launch website' }).waitFor();
    const inbox = page.getByTestId('column-inbox');
    await inbox.getByText('Write hero copy').waitFor();

    // Task detail: markdown description rendered, comment posted through the UI.
    await inbox.getByText('Write hero copy').click();
    const panel = page.getByTestId('task-panel');
    await panel.getByTestId('task-title').filter({ hasText: 'Write hero copy' }).waitFor();
    expect(await panel.locator('[data-markdown] strong').first().textContent()).toBe('bold');
    await panel.getByLabel('New comment').fill('Looks good, ship it **today**');
    await panel.getByRole('button', { name: 'Post comment' }).click();
    const comment = panel.getByTestId('comment').filter({ hasText: 'Looks good, ship it' });
    await comment.waitFor();
    expect(await comment.locator('strong').textContent()).toBe('today');
    const comments = await server.api('GET', `/boards/${boardId}/tasks/${taskId}/comments`);
    expect(comments.items.map((c: { message: string }) => c.message)).toContain('Looks good, ship it **today**');

    // A reload keeps the deep link (server fallback + CSP) and the session.
    await page.reload();
    await panel.getByTestId('comment').filter({ hasText: 'Looks good, ship it' }).waitFor();

    // Status change from the panel moves the card.
    await panel.getByLabel('Status').selectOption('in_progress');
    await page.getByTestId('column-in_progress').getByText('Write hero copy').waitFor();
    await expect.poll(async () => (await server.api('GET', `/boards/${boardId}/tasks`)).items.find((t: { id: string }) => t.id === taskId).status).toBe('in_progress');
    await panel.getByRole('link', { name: 'Close task' }).click();
    await panel.waitFor({ state: 'detached' });

    // New task form.
    await page.getByRole('button', { name: 'New task' }).click();
    await page.getByLabel('Title').fill('Pick a font');
    await page.getByRole('button', { name: 'Add task' }).click();
    await inbox.getByText('Pick a font').waitFor();
    expect((await server.api('GET', `/boards/${boardId}/tasks`)).items.map((t: { title: string }) => t.title)).toContain('Pick a font');

    // Board chat: send a message to the lead, then Escape closes the panel.
    await page.getByRole('link', { name: 'Board chat' }).click();
    const chat = page.getByTestId('chat-panel');
    await chat.getByLabel('Message').fill('@lead please start with the hero');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByTestId('chat-message').filter({ hasText: '@lead please start with the hero' }).waitFor();
    const memory = await server.api('GET', `/boards/${boardId}/memory?is_chat=true`);
    expect(memory.items.map((m: { content: string }) => m.content)).toContain('@lead please start with the hero');
    await page.keyboard.press('Escape');
    await chat.waitFor({ state: 'detached' });

    // Approvals: approve the pending one.
    await page.getByRole('link', { name: /^Approvals/ }).click();
    const approval = page.getByTestId('approval');
    await approval.getByText('ready').waitFor();
    await approval.getByRole('button', { name: 'Approve' }).click();
    await approval.getByText('approved', { exact: true }).waitFor();
    expect((await server.api('GET', `/boards/${boardId}/approvals`)).items[0].status).toBe('approved');

    // Activity feed shows what happened, linked back to the board.
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByTestId('activity-event').first().waitFor();
    expect(await page.getByTestId('activity-event').count()).toBeGreaterThanOrEqual(4);

    // Sign out forgets the token.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Mission Control' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('mc.token'))).toBeNull();

    // The app itself runs under its CSP without a single violation or error.
    expect(await incidents()).toEqual([]);
    await context.close();
  });

  it('a new tab does not inherit the session (sessionStorage only)', async () => {
    const context = await browser.newContext();
    const { page } = await watchedPage(context, { signedIn: false });
    await page.goto(`${server.url}/activity`);
    await page.getByRole('heading', { name: 'Sign in to Mission Control' }).waitFor();
    await context.close();
  });
});
