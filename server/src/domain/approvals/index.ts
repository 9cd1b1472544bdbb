// Approval rules: pure functions, no database and no HTTP.
export * from './rules';
export * from './task-links';
