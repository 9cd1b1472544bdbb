// The permission model: pure decisions (roles, access) and the request guards built on them.
export * from './roles';
export * from './access';
export * from './guards';
export * from './actors';
export * from './agent-board';
