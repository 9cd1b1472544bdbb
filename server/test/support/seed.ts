import type { Database } from '../../src/db/client';

/**
 * Fills a database with related rows across many tables and column types (uuid, text with
 * quotes, newlines and non-ASCII, jsonb, timestamps with microseconds, double, identity columns),
 * for backup/restore comparisons.
 */
export async function seedVariedData(database: Database): Promise<void> {
  await database.exec(`
    INSERT INTO organizations (id, name) VALUES ('00000000-0000-4000-8000-000000000001', 'Acme "Ops" — Zürich');
    INSERT INTO users (id, clerk_user_id, email, name, notes, active_organization_id)
      VALUES ('00000000-0000-4000-8000-000000000002', 'user_1', 'ada@example.test', 'Ada', E'line one\\nline two\\ttab', '00000000-0000-4000-8000-000000000001');
    INSERT INTO organization_members (organization_id, user_id, role) VALUES ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', 'owner');
    INSERT INTO gateways (id, organization_id, name, url, workspace_root, device_identity)
      VALUES ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000001', 'gw', 'ws://127.0.0.1:18789', '/srv/ws',
              '{"deviceId": "d1", "publicKeyPem": "-----BEGIN-----", "privateKeyPem": "enc:xyz", "createdAtMs": 1790000000123}');
    INSERT INTO boards (id, organization_id, name, slug, gateway_id, success_metrics, target_date)
      VALUES ('00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000001', 'Launch 🚀', 'launch', '00000000-0000-4000-8000-000000000003',
              '{"nested": {"list": [1, 2.5, null, "x"], "flag": true}}', '2026-12-31 23:59:59.123456+00');
    INSERT INTO agents (id, board_id, gateway_id, name, heartbeat_config)
      VALUES ('00000000-0000-4000-8000-000000000005', '00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000003', 'Lead', '{"every": "10m"}');
    INSERT INTO tasks (id, board_id, title, description, due_at, created_by_user_id, assigned_agent_id) VALUES
      ('00000000-0000-4000-8000-000000000006', '00000000-0000-4000-8000-000000000004', 'Write ''docs''', 'it''s "quoted"', '2026-06-01 08:00:00.000001+00', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000005'),
      ('00000000-0000-4000-8000-000000000007', '00000000-0000-4000-8000-000000000004', 'Ship', NULL, NULL, NULL, NULL);
    INSERT INTO task_dependencies (board_id, task_id, depends_on_task_id)
      VALUES ('00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000007', '00000000-0000-4000-8000-000000000006');
    INSERT INTO tags (id, organization_id, name, slug) VALUES ('00000000-0000-4000-8000-000000000008', '00000000-0000-4000-8000-000000000001', 'urgent', 'urgent');
    INSERT INTO tag_assignments (task_id, tag_id) VALUES
      ('00000000-0000-4000-8000-000000000006', '00000000-0000-4000-8000-000000000008'),
      ('00000000-0000-4000-8000-000000000007', '00000000-0000-4000-8000-000000000008');
    INSERT INTO approvals (id, board_id, task_id, agent_id, action_type, payload, confidence)
      VALUES ('00000000-0000-4000-8000-000000000009', '00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000006',
              '00000000-0000-4000-8000-000000000005', 'deploy', '{"reason": "ready"}', 0.1234567890123);
    INSERT INTO approval_task_links (approval_id, task_id) VALUES ('00000000-0000-4000-8000-000000000009', '00000000-0000-4000-8000-000000000007');
    INSERT INTO activity_events (event_type, message, task_id, board_id)
      VALUES ('task.created', 'Created', '00000000-0000-4000-8000-000000000006', '00000000-0000-4000-8000-000000000004');
    INSERT INTO board_memory (board_id, content) VALUES ('00000000-0000-4000-8000-000000000004', repeat('memory ', 2000));
    INSERT INTO jobs (queue, payload, state, attempts) VALUES ('webhook', '{"id": 1}', 'failed', 5), ('lifecycle', '{"a": [true]}', 'pending', 0);
  `);
}

/** Every row of every public table, each as PostgreSQL's JSON text, sorted: equal iff the data is. */
export async function tableContents(database: Database): Promise<Record<string, string[]>> {
  const tables = await database.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const contents: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = await database.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${name}" t ORDER BY 1`);
    contents[name] = rows.map((r) => r.j);
  }
  return contents;
}
