import { sql } from 'drizzle-orm';
import type { Db, Tx } from './database.js';
import { dbRoles } from './roles.js';

export interface TenantScope {
  tenantId: string;
  /** Who acts (IdP subject or a system name), for the audit trail. Never personal data. */
  actor: string;
  /** Request id, so audit rows can be tied to logs. */
  requestId?: string;
  /**
   * Which requests the transaction may read: omitted, the company's (system work, and people who read requests
   * company-wide); a unit, those assigned or ever dispatched to it or a unit below it (operational-unit staff);
   * `unitId: null`, none. Enforced by the request table's `unit_reach` policy, so it holds on every path.
   */
  requestReach?: { unitId: string | null };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class MissingTenantError extends Error {
  constructor() {
    super('No tenant in context: tenant data can only be reached inside a tenant transaction');
    this.name = 'MissingTenantError';
  }
}

/**
 * How long one SQL statement of a tenant transaction may run before PostgreSQL cancels it (SQLSTATE 57014), unless
 * the caller gives its own: no request holds a pooled connection for long. The server sets it from
 * STATEMENT_TIMEOUT at start.
 */
let defaultStatementTimeoutMs = 15_000;

export function setDefaultStatementTimeout(seconds: number): void {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError('statement timeout must be a positive number');
  defaultStatementTimeoutMs = Math.round(seconds * 1000);
}

/** The process's statement timeout (milliseconds), for the other kinds of transaction (national-scope.ts). */
export const defaultStatementTimeout = () => defaultStatementTimeoutMs;

/** Transactions in flight, for the platform's metrics: waiting for a pooled connection, and holding one. */
export const tenantTransactionsInFlight = { waiting: 0, open: 0 };

/**
 * The one way request code reaches tenant data: a transaction whose tenant, actor and request id are set
 * transaction-locally (bound parameters, gone at COMMIT/ROLLBACK, so a pooled connection never carries them to
 * the next user), running as the non-owner role `app_user` so row-level security applies even when the login is
 * a superuser (PGlite, CI). Reads run READ ONLY. Each statement may run `statementTimeoutMs` (SET LOCAL
 * statement_timeout; a report that needs longer says so), else the process default.
 */
export async function withTenant<T>(
  db: Db,
  scope: TenantScope,
  work: (tx: Tx) => Promise<T>,
  options: { readOnly?: boolean; statementTimeoutMs?: number } = {},
): Promise<T> {
  if (!scope.tenantId || !uuidPattern.test(scope.tenantId)) throw new MissingTenantError();
  const timeoutMs = String(Math.round(options.statementTimeoutMs ?? defaultStatementTimeoutMs));
  const inFlight = tenantTransactionsInFlight;
  inFlight.waiting += 1;
  let started = false;
  try {
    return await db.transaction(async (tx) => {
      started = true;
      inFlight.waiting -= 1;
      inFlight.open += 1;
      // One round trip: the settings, the role switch (set_config('role', …, true) is SET LOCAL ROLE) and, for
      // reads, READ ONLY (transaction_read_only may be turned on at any point of a transaction, unlike off).
      await tx.execute(
        sql`select set_config('app.tenant_id', ${scope.tenantId}, true), set_config('app.actor', ${scope.actor}, true),
                   set_config('app.request_id', ${scope.requestId ?? ''}, true), set_config('role', ${dbRoles.app}, true),
                   set_config('app.unit_reach', ${scope.requestReach ? (scope.requestReach.unitId ?? '') : '*'}, true),
                   set_config('statement_timeout', ${timeoutMs}, true)
                   ${options.readOnly ? sql`, set_config('transaction_read_only', 'on', true)` : sql``}`,
      );
      return work(tx);
    });
  } finally {
    if (started) inFlight.open -= 1;
    else inFlight.waiting -= 1;
  }
}
