import { apiAudience, claimNames, roles as knownRoles, normalizePbxExtension, type Role } from '@abfa/schema';
import type { JWTPayload } from 'jose';
import { serviceScopes } from '../auth/permissions.js';
import { AuthenticationError } from '../auth/principal.js';

/** What a token says about its bearer, before the tenant and unit are checked against the database. */
export interface TokenIdentity {
  subject: string;
  kind: 'user' | 'service';
  roles: Role[];
  scopes: string[];
  clientId: string | null;
  displayName: string | null;
  /** The tenant as the token names it: by id (tenant claim, organization map) or by code (organization list). */
  tenant: { id: string } | { code: string } | null;
  unitCode: string | null;
  /**
   * The agent's extension on the PBX (`pbx_extension`, a Keycloak user attribute): the PBX's call records name agents
   * by it. Null when absent, or when it is not an extension (the sign-in is not refused for a mistyped attribute).
   */
  pbxExtension: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** Realm roles and the API client's roles (Keycloak), merged; names we do not know are ignored. */
function rolesOf(claims: JWTPayload): Role[] {
  const realm = isRecord(claims[claimNames.realmAccess])
    ? strings((claims[claimNames.realmAccess] as Record<string, unknown>).roles)
    : [];
  const resources = claims[claimNames.resourceAccess];
  const client = isRecord(resources) && isRecord(resources[apiAudience]) ? strings(resources[apiAudience].roles) : [];
  return [...new Set([...realm, ...client])].filter((r): r is Role => (knownRoles as readonly string[]).includes(r));
}

/**
 * The tenant a token names. A `tenant` claim (tenant id) wins; otherwise Keycloak Organizations' `organization`
 * claim, as a map `{ alias: { id } }` (keyed by id) or a list of aliases (tenant codes). Refused, because acting in
 * the wrong company is worse than not acting: a `tenant` claim that the listed organizations contradict, or that
 * they cannot be checked against (organizations named by code only: the organization mapper must add ids); several
 * organizations with no `tenant` claim choosing one; an organization claim of another shape.
 */
function tenantOf(claims: JWTPayload): TokenIdentity['tenant'] {
  const explicit = text(claims[claimNames.tenant]);
  const organization = claims[claimNames.organization];
  if (organization !== undefined && !isRecord(organization) && !Array.isArray(organization))
    throw new AuthenticationError('the organization claim is neither a map of organizations nor a list of codes');
  const named: NonNullable<TokenIdentity['tenant']>[] = isRecord(organization)
    ? Object.entries(organization).map(([code, value]) => {
        const id = isRecord(value) ? text(value.id) : null;
        return id ? { id } : { code };
      })
    : strings(organization).map((code) => ({ code }));
  if (explicit) {
    if (named.some((t) => 'code' in t))
      throw new AuthenticationError(
        'the tenant claim cannot be checked against the organization claim (organizations without ids)',
      );
    if (named.length > 0 && !named.some((t) => 'id' in t && t.id === explicit))
      throw new AuthenticationError('the tenant claim names an organization the token does not list');
    return { id: explicit };
  }
  if (named.length > 1)
    throw new AuthenticationError('the token lists several organizations and no tenant claim choosing one');
  return named[0] ?? null;
}

export function identityFromClaims(claims: JWTPayload): TokenIdentity {
  const subject = text(claims.sub);
  if (!subject) throw new AuthenticationError('the token has no subject');
  const roles = rolesOf(claims);
  const clientId = text(claims[claimNames.clientId]) ?? text(claims.azp);
  // Keycloak marks client-credentials tokens with client_id; ours carry the integrator role as well.
  const service = text(claims[claimNames.clientId]) !== null || roles.includes('integrator');
  const granted = (text(claims[claimNames.scope]) ?? '').split(' ').filter(Boolean);
  return {
    subject,
    kind: service ? 'service' : 'user',
    roles: service ? ['integrator'] : roles,
    scopes: service ? granted.filter((s) => (serviceScopes as string[]).includes(s)) : [],
    clientId,
    displayName: text(claims.name) ?? text(claims.preferred_username),
    tenant: tenantOf(claims),
    unitCode: text(claims[claimNames.unit]),
    pbxExtension: service ? null : normalizePbxExtension(text(claims[claimNames.pbxExtension]) ?? ''),
  };
}
