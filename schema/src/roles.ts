/**
 * Database roles. The migrating login owns every object; these roles own nothing, are not superusers and cannot
 * bypass row-level security (asserted by the catalog test).
 */
export const dbRoles = {
  /** Tenant work: every request transaction runs as this role with its tenant set. */
  app: 'app_user',
  /** National supervision: read-only by grants (its cross-tenant policies arrive with the national view). */
  supervisor: 'app_supervisor',
  /** The API's login: NOINHERIT, it holds no rights of its own until it switches to one of the two above. */
  api: 'app_api',
} as const;
export type DbRole = (typeof dbRoles)[keyof typeof dbRoles];
