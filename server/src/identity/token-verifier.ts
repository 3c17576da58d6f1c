import { acceptedAlgorithms } from '@abfa/schema';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { AuthenticationError } from '../auth/principal.js';

export interface TokenVerifierOptions {
  /** The issuer's URL exactly as it appears in `iss` (a Keycloak realm: https://…/realms/abfa). */
  issuer: string;
  audience: string;
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
  clockToleranceSeconds = 30,
  jwksCooldownMs = 30_000,
}: TokenVerifierOptions) {
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
      const { payload } = await jwtVerify(token, jwks, {
        issuer,
        audience,
        algorithms: [...acceptedAlgorithms],
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      return payload;
    } catch (error) {
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
