import { type Db, staffProfile, tenant, unit, withTenant } from '@abfa/schema';
import type { Registry } from '@abfa/tenants';
import { eq, sql } from 'drizzle-orm';
import { type Authenticate, AuthenticationError, type Principal } from '../auth/principal.js';
import { identityFromClaims, type TokenIdentity } from './claims-to-principal.js';
import type { TokenVerifier } from './token-verifier.js';

interface KnownTenant {
  id: string;
  code: string;
  status: string;
}

/** A small time-bounded memo: authentication runs on every request, the facts it checks change rarely. */
function memo<V>(ttlMs: number) {
  const entries = new Map<string, { value: V; until: number }>();
  return async (key: string, load: () => Promise<V>): Promise<V> => {
    const hit = entries.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = await load();
    if (entries.size > 10_000) entries.clear();
    entries.set(key, { value, until: Date.now() + ttlMs });
    return value;
  };
}

const systemActor = 'system:authentication';

/**
 * Bearer-token authentication: verifies the JWT, maps Keycloak-shaped claims to a Principal, refuses tokens for
 * unknown or suspended tenants (checked in the database, under row-level security, with that tenant set), and keeps
 * the caller's staff profile in step with the token (created on first use; the unit comes from the token's `unit`
 * claim or, without one, from the profile).
 */
export function oidcAuthentication(options: { verify: TokenVerifier; database: Db; registry: Registry }): Authenticate {
  const { verify, database, registry } = options;
  const idsByCode = new Map(registry.tenants.map((t) => [t.code, t.id]));
  const tenants = memo<KnownTenant | null>(60_000);
  const profiles = memo<string | null>(5 * 60_000);

  const findTenant = (ref: NonNullable<TokenIdentity['tenant']>) => {
    const id = 'id' in ref ? ref.id : idsByCode.get(ref.code);
    if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(null);
    return tenants(id, () =>
      withTenant(
        database,
        { tenantId: id, actor: systemActor },
        async (tx) => {
          const [row] = await tx.select({ id: tenant.tenantId, code: tenant.code, status: tenant.status }).from(tenant);
          return row ?? null;
        },
        { readOnly: true },
      ),
    );
  };

  /** Creates or refreshes the staff profile; returns the caller's unit id. */
  const syncProfile = (tenantId: string, identity: TokenIdentity) =>
    profiles(
      JSON.stringify([
        tenantId,
        identity.subject,
        identity.roles,
        identity.displayName,
        identity.unitCode,
        identity.kind,
      ]),
      () =>
        withTenant(database, { tenantId, actor: systemActor }, async (tx) => {
          let unitId: string | null = null;
          if (identity.unitCode) {
            const [found] = await tx.select({ unitId: unit.unitId }).from(unit).where(eq(unit.code, identity.unitCode));
            if (!found)
              throw new AuthenticationError(`the unit claim names no unit of this company (${identity.unitCode})`);
            unitId = found.unitId;
          }
          const [profile] = await tx
            .insert(staffProfile)
            .values({
              tenantId,
              subject: identity.subject,
              displayName: identity.displayName,
              roles: identity.roles,
              unitId,
              serviceAccount: identity.kind === 'service',
            })
            .onConflictDoUpdate({
              target: [staffProfile.tenantId, staffProfile.subject],
              set: {
                displayName: identity.displayName,
                roles: identity.roles,
                serviceAccount: identity.kind === 'service',
                unitId: sql`coalesce(excluded.unit_id, ${staffProfile.unitId})`,
                lastSeenAt: sql`now()`,
              },
            })
            .returning({ unitId: staffProfile.unitId, active: staffProfile.active });
          if (profile && !profile.active) throw new AuthenticationError('this account is deactivated in its company');
          return profile?.unitId ?? null;
        }),
    );

  return async (req) => {
    const header = req.get('authorization');
    if (!header) return null;
    const bearer = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
    if (!bearer?.[1]) throw new AuthenticationError('expected an Authorization: Bearer <token> header');
    const identity = identityFromClaims(await verify(bearer[1]));

    const known = identity.tenant ? await findTenant(identity.tenant) : null;
    if (identity.tenant && !known) throw new AuthenticationError('the token names an unknown tenant');
    if (known && known.status !== 'active') throw new AuthenticationError(`the tenant ${known.code} is suspended`);
    if (!known && identity.kind === 'service')
      throw new AuthenticationError('a service account must be bound to one tenant');

    const principal: Principal = {
      subject: identity.subject,
      kind: identity.kind,
      tenantId: known?.id ?? null,
      unitId: known ? await syncProfile(known.id, identity) : null,
      roles: identity.roles,
      scopes: identity.scopes,
      clientId: identity.clientId,
      displayName: identity.displayName,
    };
    return principal;
  };
}
