import type { Request } from 'express';

/** Roles of the platform (their permissions are declared with the identity issue). */
export const roles = [
  'agent',
  'follow_up_officer',
  'survey_officer',
  'information_officer',
  'centre_manager',
  'unit_staff',
  'executive',
  'national_supervisor',
  'platform_admin',
  'integrator',
] as const;
export type Role = (typeof roles)[number];

/** Who is calling, as established by authentication. Everything a request may do is derived from this. */
export interface Principal {
  /** The identity provider's subject (a user or a service account). */
  subject: string;
  kind: 'user' | 'service';
  /** The tenant the caller acts in; null for national roles that belong to no tenant. */
  tenantId: string | null;
  unitId: string | null;
  roles: Role[];
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
