import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function Home() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '4rem auto', lineHeight: 1.5 }}>
      <h1>Mission Control</h1>
      <p>
        Plan work on boards, provision AI agents on OpenClaw gateways, and keep humans in the loop with
        approvals. Everything is audited.
      </p>
      <p>
        <a href="/docs">API documentation</a> · <a href="/openapi.json">OpenAPI document</a>
      </p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Home />
  </StrictMode>,
);
