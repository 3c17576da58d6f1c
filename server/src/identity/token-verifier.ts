import { acceptedAlgorithms, accessTokenTypes, webClientId } from '@abfa/schema';
import type { Registry } from '@abfa/tenants';
import { createRemoteJWKSet, errors, type JWTHeaderParameters, type JWTPayload, jwtVerify } from 'jose';
import { AuthenticationError } from '../auth/principal.js';

export interface TokenVerifierOptions {
  /** The issuer's URL exactly as it appears in `iss` (a Keycloak realm: https://…/realms/abfa). */
  issuer: string;
  audience: string;
  /**
   * The clients whose tokens the API accepts (`azp`, else `client_id`): exact ids, or prefixes ending in `*`
   * (OIDC_CLIENTS; default `defaultApiClients`). Another client of the same issuer — Keycloak's account console,
   * admin-cli, another application — gets no access even with `abfa-api` in its audience.
   */
  clients: readonly string[];
  /** Tolerated clock difference between the issuer and us, for exp/nbf/iat. */
  clockToleranceSeconds?: number;
  /** Least time between two JWKS fetches prompted by unknown key ids (a flood of forged kids must not flood the issuer). */
  jwksCooldownMs?: number;
}

/** The identity provider cannot be reached: not the caller's fault (503, not 401). */
export class IdentityUnavailableError extends Error {
  constructor(detail: string) {
    super(`identity provider unavailable: ${detail}`);
    this.name = 'IdentityUnavailableError';
  }
}

/** jose's error codes, said in words a client developer can act on (never echoing the token). */
const reasons: Record<string, string> = {
  [errors.JWTExpired.code]: 'the token has expired',
  [errors.JOSEAlgNotAllowed.code]: 'the token is signed with an algorithm that is not accepted (RS256 or ES256 only)',
  [errors.JWSSignatureVerificationFailed.code]: 'the token signature is not valid',
  [errors.JWKSNoMatchingKey.code]: 'the token is signed with a key the issuer does not publish',
  [errors.JWSInvalid.code]: 'the token is not a well-formed JWS',
  [errors.JWTInvalid.code]: 'the token is not a well-formed JWT',
  [errors.JOSENotSupported.code]: 'the token uses an unsupported algorithm or key type',
};

/**
 * Verifies bearer JWTs against an OpenID Connect issuer: discovery document → JWKS (cached; refetched when a token
 * names an unknown `kid`, at most once per cooldown), then signature with an RS256/ES256 allowlist — never `none`,
 * never HMAC, so a public key can never serve as a shared secret — issuer, audience, expiry and not-before.
 */
export function createTokenVerifier({
  issuer,
  audience,
  clients,
  clockToleranceSeconds = 30,
  jwksCooldownMs = 30_000,
}: TokenVerifierOptions) {
  const clientAllowed = clientAllowList(clients);
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;

  async function keySet() {
    if (keys) return keys;
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let discovery: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      discovery = (await response.json()) as typeof discovery;
    } catch (error) {
      throw new IdentityUnavailableError(error instanceof Error ? error.message : String(error));
    }
    if (discovery.issuer !== issuer)
      throw new IdentityUnavailableError(`discovery names issuer ${String(discovery.issuer)}, expected ${issuer}`);
    if (typeof discovery.jwks_uri !== 'string') throw new IdentityUnavailableError('discovery has no jwks_uri');
    keys = createRemoteJWKSet(new URL(discovery.jwks_uri), {
      cooldownDuration: jwksCooldownMs,
      cacheMaxAge: 10 * 60_000,
    });
    return keys;
  }

  return async function verify(token: string): Promise<JWTPayload> {
    const jwks = await keySet();
    try {
      const { payload, protectedHeader } = await jwtVerify(token, jwks, {
        issuer,
        audience,
        algorithms: [...acceptedAlgorithms],
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      checkAccessToken(payload, protectedHeader);
      const client = typeof payload.azp === 'string' ? payload.azp : payload.client_id;
      if (typeof client !== 'string' || client === '') throw new AuthenticationError('the token names no client (azp)');
      if (!clientAllowed(client))
        throw new AuthenticationError(`tokens of the client ${client} are not accepted by this API`);
      return payload;
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      if (error instanceof errors.JWKSTimeout)
        throw new IdentityUnavailableError('the issuer’s keys could not be fetched');
      if (error instanceof errors.JWTClaimValidationFailed) {
        const claim = error.claim;
        const said =
          claim === 'nbf'
            ? 'the token is not valid yet'
            : claim === 'iss'
              ? 'the token was issued by another issuer'
              : claim === 'aud'
                ? `the token is not meant for this API (audience ${audience})`
                : `the token's ${claim} claim is not valid`;
        throw new AuthenticationError(said);
      }
      const code = (error as { code?: string }).code;
      throw new AuthenticationError((code && reasons[code]) || 'the token is not valid');
    }
  };
}
export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

/**
 * Only access tokens: Keycloak marks them with `typ: "Bearer"` in the payload (its ID, refresh, offline and logout
 * tokens say `ID`, `Refresh`, `Offline`, `Logout`); oidc-provider with the RFC 9068 header `typ: at+jwt`. A token
 * signed by the same issuer for another purpose — an ID token whose audience happens to include the API — is refused.
 */
function checkAccessToken(payload: JWTPayload, header: JWTHeaderParameters) {
  const headerType = header.typ?.toLowerCase().replace(/^application\//, '');
  const accessToken =
    payload.typ === accessTokenTypes.payload || (headerType === accessTokenTypes.header && payload.typ === undefined);
  if (!accessToken) throw new AuthenticationError('the token is not an access token (typ)');
}

/** `['abfa-web', 'integrator-*']` → a test of client ids: exact names, or a prefix before a trailing `*`. */
export function clientAllowList(patterns: readonly string[]): (clientId: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (clientId) => exact.has(clientId) || prefixes.some((prefix) => prefix !== '' && clientId.startsWith(prefix));
}

/**
 * The clients accepted when OIDC_CLIENTS is unset: the portal, `<tenant code>-integrator` for every company of the
 * registry (the embedded issuer's demo integrators are named so; a Keycloak deployment may name its own the same
 * way), the national office's BI service account `nwwec-bi`, and any other clients the embedded issuer was
 * configured with.
 */
export function defaultApiClients(registry: Registry, extra: readonly string[] = []): string[] {
  return [...new Set([webClientId, ...registry.tenants.map((t) => `${t.code}-integrator`), 'nwwec-bi', ...extra])];
}
