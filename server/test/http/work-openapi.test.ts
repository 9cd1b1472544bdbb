// The tasks and approvals routes in /openapi.json: FastAPI-style operationIds for the web client,
// role tags and x-llm-intent for agents (spec 2.21 rows 5, 8–12, 15, 16), the blocked 409 shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

let t: TestApp;
let doc: any;
beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.api('GET', '/openapi.json', { token: null })).json();
});
afterAll(() => t?.close());

describe('OpenAPI: tasks and approvals', () => {
  it('user routes carry stable operationIds', () => {
    const ids = [
      ['/api/v1/boards/{board_id}/tasks', 'get', 'list_tasks_api_v1_boards_board_id_tasks_get'],
      ['/api/v1/boards/{board_id}/tasks', 'post', 'create_task_api_v1_boards_board_id_tasks_post'],
      ['/api/v1/boards/{board_id}/tasks/{task_id}', 'patch', 'update_task_api_v1_boards_board_id_tasks_task_id_patch'],
      ['/api/v1/boards/{board_id}/tasks/{task_id}', 'delete', 'delete_task_api_v1_boards_board_id_tasks_task_id_delete'],
      ['/api/v1/boards/{board_id}/tasks/{task_id}/comments', 'get', 'list_task_comments_api_v1_boards_board_id_tasks_task_id_comments_get'],
      ['/api/v1/boards/{board_id}/tasks/{task_id}/comments', 'post', 'create_task_comment_api_v1_boards_board_id_tasks_task_id_comments_post'],
      ['/api/v1/boards/{board_id}/approvals', 'get', 'list_approvals_api_v1_boards_board_id_approvals_get'],
      ['/api/v1/boards/{board_id}/approvals', 'post', 'create_approval_api_v1_boards_board_id_approvals_post'],
      ['/api/v1/boards/{board_id}/approvals/{approval_id}', 'patch', 'update_approval_api_v1_boards_board_id_approvals_approval_id_patch'],
    ];
    for (const [path, method, id] of ids) expect(doc.paths[path]?.[method]?.operationId, `${method} ${path}`).toBe(id);
  });

  it('agent routes carry role tags, intents and descriptions', () => {
    const board = ['agent-lead', 'agent-worker'];
    const rows: [string, string, string, string[]][] = [
      ['/api/v1/agent/boards/{board_id}/tasks', 'get', 'agent_board_task_discovery', board],
      ['/api/v1/agent/boards/{board_id}/tasks', 'post', 'delegate_work', ['agent-lead']],
      ['/api/v1/agent/boards/{board_id}/tasks/{task_id}', 'patch', 'agent_task_update', board],
      ['/api/v1/agent/boards/{board_id}/tasks/{task_id}', 'delete', 'agent_task_delete', board],
      ['/api/v1/agent/boards/{board_id}/tasks/{task_id}/comments', 'get', 'agent_task_comment_discovery', board],
      ['/api/v1/agent/boards/{board_id}/tasks/{task_id}/comments', 'post', 'agent_task_comment_create', board],
      ['/api/v1/agent/boards/{board_id}/approvals', 'get', 'agent_board_approval_discovery', board],
      ['/api/v1/agent/boards/{board_id}/approvals', 'post', 'agent_board_approval_request', board],
    ];
    const seen = new Set<string>();
    for (const [path, method, intent, roles] of rows) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op['x-llm-intent']).toBe(intent);
      expect(op.tags.filter((tag: string) => tag.startsWith('agent-'))).toEqual(roles);
      expect(op.description.length).toBeGreaterThan(20);
      expect(op['x-when-to-use']).toBeTruthy();
      expect(seen.has(op.operationId)).toBe(false);
      seen.add(op.operationId);
    }
  });

  it('the blocked-task 409 documents a code field', () => {
    const schema = doc.components.schemas.TaskConflictResponse;
    expect(JSON.stringify(schema)).toContain('task_blocked_cannot_transition');
    const ref = doc.paths['/api/v1/agent/boards/{board_id}/tasks/{task_id}'].patch.responses['409'];
    expect(JSON.stringify(ref)).toContain('TaskConflictResponse');
  });
});
