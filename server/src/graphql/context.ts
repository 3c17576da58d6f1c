import { AsyncLocalStorage } from 'node:async_hooks';
import type { Tx } from '@abfa/schema';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../logger.js';
import type { MessagingSettings } from '../modules/messaging/links.js';
import type { TenantDirectory } from '../modules/tenancy/directory.js';
import { NoTenantError } from './errors.js';

/**
 * Holds the request's tenant transaction while the operation executes. `db` is the only way resolvers reach
 * data; it throws when there is no tenant or no open transaction, so a resolver can never fall back to a global
 * client or run unscoped.
 */
export class RequestScope {
  #tx: Tx | null = null;
  /** Set when a handled (typed) error occurred: the mutation's writes are rolled back. */
  failed = false;
  /** What a mutation touched, for its audit event (resolvers add to it). */
  readonly auditTargets: { type: string; id: string }[] = [];
  /** The companies whose figures a national operation returned, for the trail of supervisor reads. */
  readonly nationalCompanies = new Set<string>();
  #national = false;

  constructor(readonly tenantId: string | null) {}

  get db(): Tx {
    if (!this.tenantId) throw new NoTenantError();
    if (!this.#tx || this.#national)
      throw new Error('No open tenant transaction: data can only be read while an operation executes');
    return this.#tx;
  }

  /**
   * The national office's transaction (schema national-scope.ts: the national roles, no tenant), open while a
   * national operation executes. Throws in any other operation, so a company's staff never reach it.
   */
  get nationalDb(): Tx {
    if (!this.#tx || !this.#national) throw new Error('No open national transaction');
    return this.#tx;
  }

  /** Runs `work` with `tx` as this request's transaction (`national`: a national transaction, not a tenant's). */
  async within<T>(tx: Tx, work: () => Promise<T>, national = false): Promise<T> {
    this.#tx = tx;
    this.#national = national;
    try {
      return await scopeStorage.run(this, work);
    } finally {
      this.#tx = null;
      this.#national = false;
    }
  }
}

/** The scope of the operation being executed, for hooks that get no context (the errors plugin's). */
const scopeStorage = new AsyncLocalStorage<RequestScope>();

/** Marks the executing operation as failed, so its transaction rolls back (called for every handled error). */
export function markOperationFailed(): void {
  const scope = scopeStorage.getStore();
  if (scope) scope.failed = true;
}

export interface Context {
  /** The platform's own id for this HTTP request (logs, the audit trail, the X-Request-Id answered). */
  requestId: string;
  /** The client's X-Request-Id when it sent a well-formed one: kept beside ours, never instead of it. */
  clientRequestId?: string | null;
  /** The client's Idempotency-Key header: a retried create answers what the first one made. */
  idempotencyKey: string | null;
  principal: Principal | null;
  log: Logger;
  scope: RequestScope;
  /** The registry's companies and their working calendars (SLA due times). */
  tenants: TenantDirectory;
  /** Where citizens reach the portal (links in messages) and the key sealing SMS provider credentials. */
  messaging: MessagingSettings;
}
