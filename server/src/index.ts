export { permissionTable } from './auth/permission-table.js';
export { holds, type Permission, permissionNames, permissions, reachOf, serviceScopes } from './auth/permissions.js';
export * from './auth/principal.js';
export { loadConfig, type ServerConfig, serverEnvironment } from './config.js';
export { type Context, markOperationFailed, RequestScope } from './graphql/context.js';
export { AppError, errorMasker, InputError, NoTenantError } from './graphql/errors.js';
export { connectionMaxSize, textMaxLength, textProblem } from './graphql/input-guard.js';
export { schema } from './graphql/schema.js';
export { apiSdl } from './graphql/sdl.js';
export { tenantTransaction } from './graphql/tenant-transaction.js';
export { type AppDependencies, createApp } from './http/app.js';
export {
  type DemoClient,
  type DemoUser,
  demoAgentExtension,
  demoDirectory,
  demoPassword,
} from './identity/demo-directory.js';
export { createEmbeddedIssuer, type EmbeddedIssuer } from './identity/embedded-issuer.js';
export {
  accountsFromFile,
  generateClientSecret,
  generatePassword,
  hashSecret,
  type IssuerAccounts,
  loadIssuerAccounts,
} from './identity/issuer-accounts.js';
export { oidcAuthentication } from './identity/oidc-authentication.js';
export { createTokenVerifier, defaultApiClients, IdentityUnavailableError } from './identity/token-verifier.js';
export * from './jobs/index.js';
export { createLogger, type Logger } from './logger.js';
export { followUpScanTask, scanFollowUps } from './modules/followup/jobs.js';
export * from './modules/messaging/index.js';
export { actionPermissions } from './modules/requests/transition.js';
export * from './modules/rollups/index.js';
export { makeReport, reportContent, reportPeriodOf } from './modules/statistics/reports.js';
export { sampleSurveys, surveySampleTask } from './modules/surveys/sampling.js';
export { type TenantDirectory, tenantDirectory } from './modules/tenancy/directory.js';
export { createRedis } from './redis.js';
