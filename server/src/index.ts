export { demoHeaderAuthentication } from './auth/demo-header.js';
export * from './auth/principal.js';
export { loadConfig, type ServerConfig, serverEnvironment } from './config.js';
export { AppError, InputError, NoTenantError } from './graphql/errors.js';
export { schema } from './graphql/schema.js';
export { apiSdl } from './graphql/sdl.js';
export { type AppDependencies, createApp } from './http/app.js';
export { createLogger, type Logger } from './logger.js';
export { createRedis } from './redis.js';
