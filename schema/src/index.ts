export * from './database.js';
export * from './environment.js';
export * from './identity.js';
export * from './roles.js';
export * from './rules/persian-text.js';
export * from './tables/index.js';
export * from './tenant-scope.js';
