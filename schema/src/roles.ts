/**
 * Database roles. The migrating login owns every object; these roles own nothing, are not superusers and cannot
 * bypass row-level security (asserted by the catalog test).
 */
export const dbRoles = {
  /** Tenant work: every request transaction runs as this role with its tenant set. */
  app: 'app_user',
  /** National supervision: read-only by grants (its cross-tenant policies arrive with the national view). */
  supervisor: 'app_supervisor',
  /**
   * Background jobs' runners (server/src/jobs): claim and finish jobs across tenants — grants on the job tables and
   * the tenants' ids only; a job's own work runs as `app` in its tenant's transaction.
   */
  worker: 'app_worker',
  /** The API's login: NOINHERIT, it holds no rights of its own until it switches to one of the roles above. */
  api: 'app_api',
} as const;
export type DbRole = (typeof dbRoles)[keyof typeof dbRoles];
