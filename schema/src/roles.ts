/**
 * Database roles. The migrating login owns every object; these roles own nothing, are not superusers and cannot
 * bypass row-level security (asserted by the catalog test).
 */
export const dbRoles = {
  /** Tenant work: every request transaction runs as this role with its tenant set. */
  app: 'app_user',
  /**
   * National supervision: SELECT on the national views (counts, sums, names of companies, units, lines and
   * categories), the national catalog and the national office's own tables — no company's base table, nothing to
   * write (migration national_read_path; test/isolation/supervisor.test.ts).
   */
  supervisor: 'app_supervisor',
  /** Appends to the platform-level trail of supervisor reads (`supervision_read`), and reads it. Nothing else. */
  auditor: 'app_auditor',
  /** Records the national office's evaluation visits and class overrides (append-only). Nothing else. */
  nationalEditor: 'app_national_editor',
  /**
   * Background jobs' runners (server/src/jobs): claim and finish jobs across tenants — grants on the job tables and
   * the tenants' ids only; a job's own work runs as `app` in its tenant's transaction.
   */
  worker: 'app_worker',
  /** The API's login: NOINHERIT, it holds no rights of its own until it switches to one of the roles above. */
  api: 'app_api',
} as const;
export type DbRole = (typeof dbRoles)[keyof typeof dbRoles];

/**
 * Owns the national views and reads, through its own policies, the columns they show of every company. No login
 * and no role can become it (it is granted to none), so its rights are reachable only through the views.
 */
export const nationalViewOwner = 'app_national_reader';
