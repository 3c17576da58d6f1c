import { type Db, staffProfile, tenant, withTenant } from '@abfa/schema';
import { eq } from 'drizzle-orm';
import { AppError } from '../graphql/errors.js';
import type { Principal } from './principal.js';

/**
 * The one bound on how long a right outlives its withdrawal: a user deactivated in their company
 * (`staff_profile.active = false`) or a company suspended (`tenant.status = 'suspended'`, by `pnpm tenants:sync`)
 * is refused by authentication, loses its open live streams, and (a company) its citizen routes within this time.
 * An access token's own expiry ends a live stream at once.
 */
export const accessBoundMs = 30_000;

export interface TenantStatus {
  id: string;
  code: string;
  status: string;
}

/** Why a right ended: an UNAUTHENTICATED error in English and Persian, the last event of a live stream. */
export class AccessEndedError extends AppError {
  constructor(message: string, messageFa: string) {
    super('UNAUTHENTICATED', `Not authenticated: ${message}`, messageFa, null, 401);
    this.name = 'AccessEndedError';
  }
}

export const accessEnded = {
  expired: () => new AccessEndedError('the token has expired', 'اعتبار توکن شما به پایان رسیده است؛ دوباره وارد شوید'),
  deactivated: () =>
    new AccessEndedError('this account is deactivated in its company', 'حساب کاربری شما در شرکت غیرفعال شده است'),
  suspended: (code: string) =>
    new AccessEndedError(`the tenant ${code} is suspended`, `فعالیت شرکت ${code} در سامانه تعلیق شده است`),
};

/**
 * The status of companies and staff profiles as the database says it, each read at most once per half the bound
 * and shared by every caller: authentication, live streams (which also check every half bound) and the citizen
 * routes. Half, so that a change applies within the bound even to a stream that read the status just before it.
 */
export interface AccessStatus {
  readonly boundMs: number;
  /** The company, read from the tenant table under its own tenant (row-level security); null when unknown. */
  tenant(tenantId: string): Promise<TenantStatus | null>;
  /** Whether the staff profile is active; null when the caller has none yet. */
  profileActive(tenantId: string, subject: string): Promise<boolean | null>;
  /** Why the principal's rights have ended (expired token, suspended company, deactivated account), or null. */
  ended(principal: Principal, now?: number): Promise<AccessEndedError | null>;
}

/** A time-bounded memo of promises: concurrent misses share one read, and a failed read is not kept. */
export function memo<V>(ttlMs: number) {
  const entries = new Map<string, { value: Promise<V>; until: number }>();
  return (key: string, load: () => Promise<V>): Promise<V> => {
    const hit = entries.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = load();
    if (entries.size > 10_000) entries.clear();
    entries.set(key, { value, until: Date.now() + ttlMs });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const actor = 'system:access-status';

export function createAccessStatus(db: Db, options: { boundMs?: number } = {}): AccessStatus {
  const boundMs = options.boundMs ?? accessBoundMs;
  const tenants = memo<TenantStatus | null>(boundMs / 2);
  const profiles = memo<boolean | null>(boundMs / 2);

  const status: AccessStatus = {
    boundMs,
    tenant: (tenantId) =>
      uuidPattern.test(tenantId)
        ? tenants(tenantId, () =>
            withTenant(
              db,
              { tenantId, actor },
              async (tx) => {
                const [row] = await tx
                  .select({ id: tenant.tenantId, code: tenant.code, status: tenant.status })
                  .from(tenant);
                return row ?? null;
              },
              { readOnly: true },
            ),
          )
        : Promise.resolve(null),
    profileActive: (tenantId, subject) =>
      profiles(JSON.stringify([tenantId, subject]), () =>
        withTenant(
          db,
          { tenantId, actor },
          async (tx) => {
            const [row] = await tx
              .select({ active: staffProfile.active })
              .from(staffProfile)
              .where(eq(staffProfile.subject, subject));
            return row ? row.active : null;
          },
          { readOnly: true },
        ),
      ),
    async ended(principal, now = Date.now()) {
      if (principal.expiresAt && principal.expiresAt.getTime() <= now) return accessEnded.expired();
      if (!principal.tenantId) return null;
      const company = await status.tenant(principal.tenantId);
      if (company?.status !== 'active') return accessEnded.suspended(company?.code ?? principal.tenantId);
      if ((await status.profileActive(principal.tenantId, principal.subject)) === false)
        return accessEnded.deactivated();
      return null;
    },
  };
  return status;
}

const shared = new WeakMap<Db, AccessStatus>();

/**
 * The access status of one database for the whole process, so that authentication, the live streams and the
 * citizen routes share one memo and one bound. Made on first use, with the default bound unless `boundMs` is
 * given (tests pass a short one before anything else uses the database); asking for another bound later throws.
 */
export function accessStatusOf(db: Db, options: { boundMs?: number } = {}): AccessStatus {
  const existing = shared.get(db);
  if (existing) {
    if (options.boundMs !== undefined && options.boundMs !== existing.boundMs)
      throw new Error(`the access bound of this database is already ${existing.boundMs} ms`);
    return existing;
  }
  const made = createAccessStatus(db, options);
  shared.set(db, made);
  return made;
}
