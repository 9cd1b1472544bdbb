import type { Services } from '../services';

/**
 * Every queue's handler, registered on the services' worker. Each area adds its own line here
 * (gateway agent deletion, agent notifications, webhook delivery, lifecycle reconcile…).
 */
export function registerJobHandlers(services: Services): void {
  void services;
}
