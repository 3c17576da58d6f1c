import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../auth/principal.js';
import { identityFromClaims } from './claims-to-principal.js';

const tehran = '11111111-1111-4111-8111-111111111111';
const isfahan = '22222222-2222-4222-8222-222222222222';

describe('Keycloak-shaped claims to an identity', () => {
  it('merges realm roles and the API client’s roles, ignoring unknown ones', () => {
    const identity = identityFromClaims({
      sub: 'u1',
      realm_access: { roles: ['agent', 'offline_access', 'uma_authorization'] },
      resource_access: { 'abfa-api': { roles: ['follow_up_officer'] }, account: { roles: ['manage-account'] } },
      tenant: tehran,
    });
    expect(identity).toMatchObject({
      subject: 'u1',
      kind: 'user',
      roles: ['agent', 'follow_up_officer'],
      tenant: { id: tehran },
    });
  });

  it('takes the tenant from the organization claim, map shape (by id) or list shape (by code)', () => {
    expect(identityFromClaims({ sub: 'u', organization: { tehran: { id: tehran } } }).tenant).toEqual({ id: tehran });
    expect(identityFromClaims({ sub: 'u', organization: ['isfahan'] }).tenant).toEqual({ code: 'isfahan' });
    expect(identityFromClaims({ sub: 'u', organization: { mashhad: {} } }).tenant).toEqual({ code: 'mashhad' });
  });

  it('lets the tenant claim choose among several organizations, and refuses a contradiction or an ambiguity', () => {
    const both = { tehran: { id: tehran }, isfahan: { id: isfahan } };
    expect(identityFromClaims({ sub: 'u', organization: both, tenant: isfahan }).tenant).toEqual({ id: isfahan });
    expect(() => identityFromClaims({ sub: 'u', organization: both })).toThrow(AuthenticationError);
    expect(() => identityFromClaims({ sub: 'u', organization: { tehran: { id: tehran } }, tenant: isfahan })).toThrow(
      /does not list/,
    );
  });

  it('refuses a tenant claim beside organizations it cannot be checked against (codes without ids)', () => {
    // The realm template's organization mapper adds ids; a token naming companies by code only cannot show that
    // its tenant claim is one of them.
    expect(() => identityFromClaims({ sub: 'u', organization: ['isfahan'], tenant: tehran })).toThrow(
      /cannot be checked against the organization claim/,
    );
    expect(() => identityFromClaims({ sub: 'u', organization: { isfahan: {} }, tenant: tehran })).toThrow(
      /cannot be checked/,
    );
    expect(() =>
      identityFromClaims({ sub: 'u', organization: { tehran: { id: tehran }, isfahan: {} }, tenant: tehran }),
    ).toThrow(/cannot be checked/);
    // An empty organization claim contradicts nothing.
    expect(identityFromClaims({ sub: 'u', organization: [], tenant: tehran }).tenant).toEqual({ id: tehran });
  });

  it('refuses an organization claim that is neither a map nor a list of codes', () => {
    expect(() => identityFromClaims({ sub: 'u', organization: 'tehran', tenant: tehran })).toThrow(/organization/);
  });

  it('has no tenant for national roles', () => {
    expect(identityFromClaims({ sub: 'n', realm_access: { roles: ['national_supervisor'] } })).toMatchObject({
      tenant: null,
      roles: ['national_supervisor'],
    });
  });

  it('treats client-credentials tokens as service accounts whose permissions are their service scopes', () => {
    const identity = identityFromClaims({
      sub: 'service-account-tehran-integrator',
      client_id: 'tehran-integrator',
      azp: 'tehran-integrator',
      scope: 'tenant:read audit:read profile email',
      realm_access: { roles: ['centre_manager'] },
      tenant: tehran,
    });
    // A service never holds a person's role, and audit:read is not open to services.
    expect(identity).toMatchObject({
      kind: 'service',
      roles: ['integrator'],
      scopes: ['tenant:read'],
      clientId: 'tehran-integrator',
    });
  });

  it('reads the unit claim and a display name', () => {
    expect(identityFromClaims({ sub: 'u', unit: 'district-1', preferred_username: 'tehran.unit' })).toMatchObject({
      unitCode: 'district-1',
      displayName: 'tehran.unit',
    });
  });

  it('reads an agent’s PBX extension (Persian digits as ASCII), ignoring one that is not an extension', () => {
    expect(identityFromClaims({ sub: 'u', pbx_extension: ' ۲۰۱ ' }).pbxExtension).toBe('201');
    expect(identityFromClaims({ sub: 'u', pbx_extension: 'SIP/201' }).pbxExtension).toBeNull();
    expect(identityFromClaims({ sub: 'u', pbx_extension: 201 }).pbxExtension).toBeNull();
    expect(identityFromClaims({ sub: 'u' }).pbxExtension).toBeNull();
    // A service account answers no calls.
    expect(identityFromClaims({ sub: 's', client_id: 'pbx', pbx_extension: '201' }).pbxExtension).toBeNull();
  });

  it('refuses a token without a subject', () => {
    expect(() => identityFromClaims({ realm_access: { roles: ['agent'] } })).toThrow(/subject/);
  });
});
