import { type Db, isNationalPermission, staffProfile, unit, withTenant } from '@abfa/schema';
import type { Registry } from '@abfa/tenants';
import { and, eq, ne, sql } from 'drizzle-orm';
import { type AccessStatus, accessStatusOf, memo } from '../auth/access-status.js';
import { type Authenticate, AuthenticationError, type Principal } from '../auth/principal.js';
import { identityFromClaims, type TokenIdentity } from './claims-to-principal.js';
import type { TokenVerifier } from './token-verifier.js';

const systemActor = 'system:authentication';

/**
 * Bearer-token authentication: verifies the JWT, maps Keycloak-shaped claims to a Principal, refuses tokens for
 * unknown or suspended tenants (checked in the database, under row-level security, with that tenant set), and keeps
 * the caller's staff profile in step with the token (created on first use; the unit comes from the token's `unit`
 * claim or, without one, from the profile; the PBX extension from `pbx_extension`), refusing a deactivated one. A suspension or deactivation applies
 * within the access bound (auth/access-status.ts): both are read again at least that often.
 */
export function oidcAuthentication(options: {
  verify: TokenVerifier;
  database: Db;
  registry: Registry;
  /** The statuses it reads; default the database's shared one (accessStatusOf), with the documented bound. */
  access?: AccessStatus;
}): Authenticate {
  const { verify, database, registry } = options;
  const idsByCode = new Map(registry.tenants.map((t) => [t.code, t.id]));
  const access = options.access ?? accessStatusOf(database);
  // Written again (and its `active` read) once per half bound per identity, like the shared statuses.
  const profiles = memo<string | null>(access.boundMs / 2);

  const findTenant = (ref: NonNullable<TokenIdentity['tenant']>) => {
    const id = 'id' in ref ? ref.id : idsByCode.get(ref.code);
    return id ? access.tenant(id) : Promise.resolve(null);
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
        identity.pbxExtension,
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
          // An extension belongs to one agent: whoever's token names it last holds it (a desk changed hands).
          if (identity.pbxExtension)
            await tx
              .update(staffProfile)
              .set({ pbxExtension: null })
              .where(
                and(eq(staffProfile.pbxExtension, identity.pbxExtension), ne(staffProfile.subject, identity.subject)),
              );
          const [profile] = await tx
            .insert(staffProfile)
            .values({
              tenantId,
              subject: identity.subject,
              displayName: identity.displayName,
              roles: identity.roles,
              unitId,
              pbxExtension: identity.pbxExtension,
              serviceAccount: identity.kind === 'service',
            })
            .onConflictDoUpdate({
              target: [staffProfile.tenantId, staffProfile.subject],
              set: {
                displayName: identity.displayName,
                roles: identity.roles,
                serviceAccount: identity.kind === 'service',
                unitId: sql`coalesce(excluded.unit_id, ${staffProfile.unitId})`,
                // A token without the claim leaves the extension as it was (set by hand, or by an earlier token).
                pbxExtension: sql`coalesce(excluded.pbx_extension, ${staffProfile.pbxExtension})`,
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
    const claims = await verify(bearer[1]);
    const identity = identityFromClaims(claims);

    const known = identity.tenant ? await findTenant(identity.tenant) : null;
    if (identity.tenant && !known) throw new AuthenticationError('the token names an unknown tenant');
    if (known && known.status !== 'active') throw new AuthenticationError(`the tenant ${known.code} is suspended`);
    // A service account serves one company — or, holding national scopes only, the national office (its BI).
    if (!known && identity.kind === 'service' && !identity.scopes.every(isNationalPermission))
      throw new AuthenticationError('a service account must be bound to one tenant (or hold national scopes only)');

    const principal: Principal = {
      subject: identity.subject,
      kind: identity.kind,
      tenantId: known?.id ?? null,
      unitId: known ? await syncProfile(known.id, identity) : null,
      roles: identity.roles,
      scopes: identity.scopes,
      clientId: identity.clientId,
      displayName: identity.displayName,
      // The verifier requires `exp`.
      ...(typeof claims.exp === 'number' ? { expiresAt: new Date(claims.exp * 1000) } : {}),
    };
    return principal;
  };
}
