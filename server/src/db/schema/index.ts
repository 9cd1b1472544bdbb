// The complete data model. drizzle-kit reads this file (server/drizzle.config.ts).
export * from './organizations';
export * from './gateways';
export * from './boards';
export * from './agents';
export * from './tasks';
export * from './activity';
export * from './approvals';
export * from './memory';
export * from './onboarding';
export * from './webhooks';
export * from './skills';
export * from './jobs';
