import { toAsciiDigits } from './rules/persian-text.js';

/**
 * The token contract between an OpenID Connect issuer (Keycloak in production, the embedded issuer otherwise) and
 * the API. Access tokens are JWTs shaped the way Keycloak shapes them, so the same verifier serves both.
 *
 * {
 *   iss: <OIDC_ISSUER>, aud: 'abfa-api' (string or list containing it), sub, exp, iat, nbf?, azp: <client id>,
 *   realm_access: { roles: ['agent', …] },                  // platform roles (`roles` in tables/enums.ts)
 *   resource_access: { 'abfa-api': { roles: [...] } },      // client roles of the API, merged with realm roles
 *   tenant: '<tenant uuid>',                                 // the company the caller acts in (absent: national)
 *   organization: { '<tenant code>': { id: '<tenant uuid>' } } | ['<tenant code>'],  // Keycloak Organizations
 *   unit: '<unit code>',                                     // optional; else the staff profile's unit
 *   pbx_extension: '<extension>',                            // optional; the agent's extension on the PBX
 *   scope: 'openid profile requests:read …',                // service accounts: their explicit permissions
 *   client_id: '<client id>',                                // present on client-credentials (service) tokens
 *   preferred_username, name                                 // display only, never required
 *   typ: 'Bearer'                                            // Keycloak's mark of an access token (payload)
 * }
 *
 * What the API checks besides signature, issuer, audience and times:
 * - it is an access token: payload `typ: 'Bearer'` (Keycloak) or header `typ: 'at+jwt'` (RFC 9068, oidc-provider)
 *   with no other payload `typ` — never an ID, refresh, offline or logout token;
 * - its client (`azp`, else `client_id`) is one the API accepts (OIDC_CLIENTS: the portal and the integrators);
 * - a `tenant` claim beside an `organization` claim is one of the organizations' ids (so the organization claim
 *   must carry ids: Keycloak's organization mapper with "Add organization id").
 */
export const apiAudience = 'abfa-api';
/** The portal's public client (authorization code + PKCE). */
export const webClientId = 'abfa-web';

export const claimNames = {
  tenant: 'tenant',
  organization: 'organization',
  unit: 'unit',
  pbxExtension: 'pbx_extension',
  realmAccess: 'realm_access',
  resourceAccess: 'resource_access',
  scope: 'scope',
  clientId: 'client_id',
} as const;

/**
 * An agent's extension on the PBX, as the token's `pbx_extension` claim and the PBX's call records name it: 1 to 32
 * ASCII letters, digits, `.`, `_` or `-`, starting with a letter or digit (Persian digits are read as ASCII first).
 */
export const pbxExtensionPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/** An extension as it is stored and compared (Persian or Arabic digits as ASCII, trimmed); null when it is not one. */
export function normalizePbxExtension(raw: string): string | null {
  const value = toAsciiDigits(raw).trim();
  return pbxExtensionPattern.test(value) ? value : null;
}

/** Signing algorithms the API accepts. Never `none`, never HMAC (a public key must not be usable as a secret). */
export const acceptedAlgorithms = ['RS256', 'ES256'] as const;

/** What marks an access token: Keycloak's payload `typ`, or the JWT access-token header type of RFC 9068. */
export const accessTokenTypes = { payload: 'Bearer', header: 'at+jwt' } as const;
