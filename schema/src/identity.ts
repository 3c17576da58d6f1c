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
 *   scope: 'openid profile requests:read …',                // service accounts: their explicit permissions
 *   client_id: '<client id>',                                // present on client-credentials (service) tokens
 *   preferred_username, name                                 // display only, never required
 * }
 */
export const apiAudience = 'abfa-api';
/** The portal's public client (authorization code + PKCE). */
export const webClientId = 'abfa-web';

export const claimNames = {
  tenant: 'tenant',
  organization: 'organization',
  unit: 'unit',
  realmAccess: 'realm_access',
  resourceAccess: 'resource_access',
  scope: 'scope',
  clientId: 'client_id',
} as const;

/** Signing algorithms the API accepts. Never `none`, never HMAC (a public key must not be usable as a secret). */
export const acceptedAlgorithms = ['RS256', 'ES256'] as const;
