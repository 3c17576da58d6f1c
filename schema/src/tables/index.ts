export * from './core.js';
export * from './enums.js';
export * from './jobs.js';
export * from './messaging.js';
export * from './national.js';
export { relations } from './relations.js';
export * from './requests.js';
export * from './rollups.js';
export { currentTenant } from './tenancy.js';
