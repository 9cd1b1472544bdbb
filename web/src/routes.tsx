import { createRootRoute, createRoute, createRouter, redirect, useRouterState } from '@tanstack/react-router';
import { useSyncExternalStore } from 'react';
import { Shell } from './components/Shell';
import { SignIn } from './components/SignIn';
import { getToken, subscribeToken } from './lib/auth';
import { ActivityPage } from './pages/ActivityPage';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { BoardPage } from './pages/BoardPage';
import { BoardsPage } from './pages/BoardsPage';
import { MemoryPage } from './pages/MemoryPage';
import { NotFound } from './pages/NotFound';
import { WebhooksPage } from './pages/WebhooksPage';

function Root() {
  const token = useSyncExternalStore(subscribeToken, getToken);
  // Keep the router subscribed so the sign-in card returns to the page that was asked for.
  useRouterState({ select: (state) => state.location.href });
  return token ? <Shell /> : <SignIn />;
}

export interface BoardSearch {
  taskId?: string;
  panel?: 'chat';
}

const rootRoute = createRootRoute({ component: Root, notFoundComponent: NotFound });

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/boards' });
  },
});
const boardsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/boards', component: BoardsPage });
const boardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/boards/$boardId',
  component: BoardPage,
  validateSearch: (search: Record<string, unknown>): BoardSearch => ({
    taskId: typeof search.taskId === 'string' ? search.taskId : undefined,
    panel: search.panel === 'chat' ? 'chat' : undefined,
  }),
});
const approvalsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/boards/$boardId/approvals', component: ApprovalsPage });
const memoryRoute = createRoute({ getParentRoute: () => rootRoute, path: '/boards/$boardId/memory', component: MemoryPage });
const webhooksRoute = createRoute({ getParentRoute: () => rootRoute, path: '/boards/$boardId/webhooks', component: WebhooksPage });
const activityRoute = createRoute({ getParentRoute: () => rootRoute, path: '/activity', component: ActivityPage });

const routeTree = rootRoute.addChildren([indexRoute, boardsRoute, boardRoute, approvalsRoute, memoryRoute, webhooksRoute, activityRoute]);

export const router = createRouter({ routeTree, defaultPreload: false });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
