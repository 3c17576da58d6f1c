import { sql } from 'drizzle-orm';
import type { Db, Tx } from './database.js';
import { dbRoles } from './roles.js';
import { supervisionRead } from './tables/national.js';
import { defaultStatementTimeout } from './tenant-scope.js';

/**
 * The national office's transactions: no tenant is set (every company's figures are read through the national
 * views, migration national_read_path), and the role is one of the national roles:
 * - `read`: app_supervisor, which reads the allow-listed views and the national office's tables only;
 * - `edit`: app_national_editor, which appends evaluations and class overrides and reads nothing of a company's;
 * - `audit`: app_auditor, which reads the trail of supervisor reads (the platform's administrators) and nothing else.
 * Each supervisor read ends with `recordSupervisionRead` in the same transaction: a read that cannot be recorded
 * is not answered.
 */
export interface NationalScope {
  /** Who acts (IdP subject). */
  actor: string;
  requestId?: string;
}

export type NationalRole = 'read' | 'edit' | 'audit';

const roleOf: Record<NationalRole, string> = {
  read: dbRoles.supervisor,
  edit: dbRoles.nationalEditor,
  audit: dbRoles.auditor,
};

export async function withNational<T>(
  db: Db,
  scope: NationalScope,
  role: NationalRole,
  work: (tx: Tx) => Promise<T>,
  options: { statementTimeoutMs?: number } = {},
): Promise<T> {
  return db.transaction(async (tx) => {
    // JIT off: the national reads sum rollups in well under a second, and JIT's compilation cost them more than it
    // saved (130–280 ms a query in pnpm bench:national).
    await tx.execute(
      sql`select set_config('app.tenant_id', '', true), set_config('app.actor', ${scope.actor}, true),
                 set_config('app.request_id', ${scope.requestId ?? ''}, true), set_config('role', ${roleOf[role]}, true),
                 set_config('statement_timeout', ${String(Math.round(options.statementTimeoutMs ?? defaultStatementTimeout()))}, true),
                 set_config('jit', 'off', true)`,
    );
    return work(tx);
  });
}

export interface SupervisionReadEntry {
  subject: string;
  actorName: string | null;
  clientId: string | null;
  operation: string;
  companyIds: readonly string[];
  requestId: string | null;
  detail: Record<string, unknown>;
}

/**
 * Appends one entry to the platform's trail of supervisor reads, as app_auditor — the only role that may — at the
 * end of the reading transaction (the role switch is the transaction's last step: nothing is read after it).
 */
export async function recordSupervisionRead(tx: Tx, entry: SupervisionReadEntry): Promise<void> {
  await tx.execute(sql`select set_config('role', ${dbRoles.auditor}, true)`);
  await tx.insert(supervisionRead).values({ ...entry, companyIds: [...new Set(entry.companyIds)] });
}
