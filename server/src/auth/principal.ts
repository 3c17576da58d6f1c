import type { Role } from '@abfa/schema';
import type { Request } from 'express';

/** Who is calling, as established by authentication. Everything a request may do is derived from this. */
export interface Principal {
  /** The identity provider's subject (a user or a service account). */
  subject: string;
  kind: 'user' | 'service';
  /** The tenant the caller acts in; null for national roles that belong to no tenant. */
  tenantId: string | null;
  unitId: string | null;
  roles: Role[];
  /** Service accounts: the permissions granted to the client (token scopes). Empty for people. */
  scopes: string[];
  /** The OAuth client the token was issued to (service accounts: the integrator). */
  clientId: string | null;
  /** For display only (preferred_username / name). */
  displayName: string | null;
  /** When the credential stops being valid (the access token's `exp`): a live stream ends then. Absent: no expiry. */
  expiresAt?: Date;
}

/**
 * Turns a request into a principal: null for an anonymous caller. The identity issue supplies the OIDC one;
 * it throws an AuthenticationError for a credential that is present but not valid.
 */
export type Authenticate = (req: Request) => Promise<Principal | null>;

export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}
