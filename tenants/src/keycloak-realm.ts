import path from 'node:path';
import {
  apiAudience,
  claimNames,
  pbxExtensionPattern,
  permissions,
  type Role,
  roles,
  serviceScopes,
  webClientId,
} from '@abfa/schema';
import { type Registry, tenantsFolder } from './load.js';

/**
 * The Keycloak realm template, generated from the tenant registry: one organization per tenant (id = tenant id),
 * the platform roles, the portal's public client, the API audience and the token mappers that produce the claims of
 * the token contract (schema/src/identity.ts). It holds no users and no secrets. `pnpm keycloak:realm` writes it to
 * tenants/keycloak/realm-abfa.json; see tenants/keycloak/README.md.
 *
 * Keycloak facts this relies on (Keycloak 26):
 * - A realm file that declares `clientScopes` gets none of Keycloak's built-in scopes (RealmManager.importRealm only
 *   creates them when `clientScopes` is absent), so `basic` (sub), `roles` (realm_access, resource_access), `profile`,
 *   `email`, `web-origins`, `acr`, `organization` and `service_account` are declared here.
 * - Organizations are imported with the id of the file (DefaultExportImportManager.importOrganizations).
 * - The organization membership mapper gives `{ <alias>: { id } }` when multivalued, JSON and `addOrganizationId`.
 * - Custom user attributes must be declared in the user profile (Keycloak 24+ rejects unmanaged attributes).
 * - Access tokens carry `typ: "Bearer"` and `azp` (the client); ID, refresh and logout tokens another `typ`. The API
 *   accepts access tokens of its allowed clients only (OIDC_CLIENTS), so the API audience is no realm default.
 */

/** Keycloak's protocol mapper config: every value a string. */
export type MapperConfig = Record<string, string>;

export interface KeycloakProtocolMapper {
  name: string;
  protocol: 'openid-connect';
  protocolMapper: string;
  consentRequired: false;
  config: MapperConfig;
}

export interface KeycloakClientScope {
  name: string;
  description: string;
  protocol: 'openid-connect';
  attributes: Record<string, string>;
  protocolMappers?: KeycloakProtocolMapper[];
}

export interface KeycloakClient {
  clientId: string;
  name: string;
  description: string;
  enabled: boolean;
  protocol: 'openid-connect';
  publicClient: boolean;
  bearerOnly: boolean;
  clientAuthenticatorType?: string;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  serviceAccountsEnabled: boolean;
  consentRequired: boolean;
  frontchannelLogout: boolean;
  fullScopeAllowed: boolean;
  redirectUris: string[];
  webOrigins: string[];
  attributes: Record<string, string>;
  defaultClientScopes: string[];
  optionalClientScopes: string[];
  protocolMappers?: KeycloakProtocolMapper[];
}

export interface KeycloakRole {
  name: string;
  description: string;
  composite: false;
}

export interface KeycloakOrganization {
  id: string;
  name: string;
  alias: string;
  description: string;
  enabled: boolean;
  domains: { name: string; verified: boolean }[];
}

export interface KeycloakComponent {
  providerId: string;
  subComponents: Record<string, never>;
  config: Record<string, string[]>;
}

export interface KeycloakRealm {
  realm: string;
  displayName: string;
  enabled: boolean;
  sslRequired: 'external';
  organizationsEnabled: boolean;
  registrationAllowed: boolean;
  loginWithEmailAllowed: boolean;
  duplicateEmailsAllowed: boolean;
  resetPasswordAllowed: boolean;
  editUsernameAllowed: boolean;
  rememberMe: boolean;
  verifyEmail: boolean;
  bruteForceProtected: boolean;
  permanentLockout: boolean;
  failureFactor: number;
  waitIncrementSeconds: number;
  maxFailureWaitSeconds: number;
  minimumQuickLoginWaitSeconds: number;
  quickLoginCheckMilliSeconds: number;
  maxDeltaTimeSeconds: number;
  passwordPolicy: string;
  defaultSignatureAlgorithm: 'RS256';
  accessTokenLifespan: number;
  accessCodeLifespan: number;
  accessCodeLifespanLogin: number;
  accessCodeLifespanUserAction: number;
  ssoSessionIdleTimeout: number;
  ssoSessionMaxLifespan: number;
  revokeRefreshToken: boolean;
  refreshTokenMaxReuse: number;
  internationalizationEnabled: boolean;
  supportedLocales: string[];
  defaultLocale: string;
  eventsEnabled: boolean;
  eventsExpiration: number;
  adminEventsEnabled: boolean;
  adminEventsDetailsEnabled: boolean;
  roles: { realm: KeycloakRole[]; client: Record<string, KeycloakRole[]> };
  clientScopes: KeycloakClientScope[];
  defaultDefaultClientScopes: string[];
  defaultOptionalClientScopes: string[];
  clients: KeycloakClient[];
  organizations: KeycloakOrganization[];
  components: Record<string, KeycloakComponent[]>;
}

export interface KeycloakRealmOptions {
  /** The realm name (and so the issuer path `/realms/<realm>`). Default `abfa`. */
  realm?: string;
  /** Where the portal may return after login. Default: the local portal on port 4000. */
  webRedirectUris?: string[];
  /** Origins allowed to call Keycloak from the browser (CORS). Default: the origins of the redirect URIs. */
  webOrigins?: string[];
}

export const defaultRealmName = 'abfa';

/** Where the generated template is kept (committed), beside its README. */
export const realmFile = path.join(tenantsFolder, 'keycloak', 'realm-abfa.json');

/** The file's exact text: 2-space JSON and a trailing newline. */
export const realmJson = (realm: KeycloakRealm) => `${JSON.stringify(realm, null, 2)}\n`;
export const defaultWebRedirectUris = ['http://127.0.0.1:4000/*', 'http://localhost:4000/*'];

/** Realm (and API client) roles: the platform roles of tables/enums.ts, described in Persian and English. */
export const roleDescriptions: Record<Role, { fa: string; en: string }> = {
  agent: { fa: 'کارشناس پاسخگو', en: 'Agent: answers calls and messages and registers requests' },
  follow_up_officer: { fa: 'کارشناس پیگیری', en: 'Follow-up officer: follows requests to their closure' },
  survey_officer: { fa: 'کارشناس نظرسنجی', en: 'Survey officer: asks callers about the service they received' },
  information_officer: { fa: 'کارشناس اطلاع‌رسانی', en: 'Information officer: publishes outages and notices' },
  centre_manager: { fa: 'مدیر مرکز ارتباطات مردمی', en: 'Contact-centre manager of the company' },
  unit_staff: { fa: 'کارکنان واحد اجرایی (امور / تیم)', en: 'Unit staff: a district office or field team' },
  executive: { fa: 'مدیریت ارشد شرکت', en: 'Executive: the company’s senior management' },
  national_supervisor: {
    fa: 'ناظر ملی (روابط عمومی شرکت مهندسی آب و فاضلاب کشور)',
    en: 'National supervisor: NWWEC public relations, read-only across companies',
  },
  platform_admin: { fa: 'مدیر سامانه', en: 'Platform administrator: companies and the national catalog' },
  integrator: { fa: 'سامانه متصل (حساب سرویس)', en: 'Integrator: a service account of a connected system' },
};

/** Our client scopes, beside Keycloak's built-in ones. */
export const scopeNames = {
  /** Adds `abfa-api` to `aud`: the portal's default scope; integrator clients are given it when created. */
  apiAudience: 'abfa-api-audience',
  /** The staff's `tenant`, `unit` and `pbx_extension` user attributes as claims. */
  staff: 'abfa-staff',
} as const;

/** Placeholder domain of a tenant's organization (Keycloak 26.0–26.3 require one domain per organization). */
export const organizationDomain = (code: string) => `${code}.abfa.local`;

const oidc = 'openid-connect' as const;

/** A Keycloak message key, `${key}`, resolved by Keycloak in the locale of the page. */
const i18n = (key: string) => `\${${key}}`;

/** The four token destinations of an OIDC mapper. */
const inTokens = (access: boolean, id: boolean, userinfo: boolean, introspection = access): MapperConfig => ({
  'access.token.claim': String(access),
  'id.token.claim': String(id),
  'userinfo.token.claim': String(userinfo),
  'introspection.token.claim': String(introspection),
});

const mapper = (name: string, protocolMapper: string, config: MapperConfig): KeycloakProtocolMapper => ({
  name,
  protocol: oidc,
  protocolMapper,
  consentRequired: false,
  config,
});

/** A user attribute as a single string claim, in the access token (where the API reads it). */
const attributeClaim = (attribute: string, claim: string, idToken: boolean) =>
  mapper(claim, 'oidc-usermodel-attribute-mapper', {
    'user.attribute': attribute,
    'claim.name': claim,
    'jsonType.label': 'String',
    multivalued: 'false',
    'aggregate.attrs': 'false',
    ...inTokens(true, idToken, true),
  });

/** A note of the user session (set by Keycloak for client-credentials grants) as a string claim. */
const sessionNote = (name: string, note: string) =>
  mapper(name, 'oidc-usersessionmodel-note-mapper', {
    'user.session.note': note,
    'claim.name': note,
    'jsonType.label': 'String',
    ...inTokens(true, true, false),
  });

const scope = (
  name: string,
  description: string,
  attributes: { includeInTokenScope: boolean; consentText?: string },
  protocolMappers?: KeycloakProtocolMapper[],
): KeycloakClientScope => ({
  name,
  description,
  protocol: oidc,
  attributes: {
    'include.in.token.scope': String(attributes.includeInTokenScope),
    'display.on.consent.screen': String(attributes.consentText !== undefined),
    ...(attributes.consentText !== undefined ? { 'consent.screen.text': attributes.consentText } : {}),
  },
  ...(protocolMappers ? { protocolMappers } : {}),
});

function clientScopes(): KeycloakClientScope[] {
  return [
    // Keycloak's built-in scopes, as a new realm would have them (OIDCLoginProtocolFactory): declaring any scope in
    // the realm file switches their creation off.
    scope('basic', 'OpenID Connect scope for add all basic claims to the token', { includeInTokenScope: false }, [
      mapper('sub', 'oidc-sub-mapper', { 'access.token.claim': 'true', 'introspection.token.claim': 'true' }),
      mapper('auth_time', 'oidc-usersessionmodel-note-mapper', {
        'user.session.note': 'AUTH_TIME',
        'claim.name': 'auth_time',
        'jsonType.label': 'long',
        ...inTokens(true, true, false),
      }),
    ]),
    scope(
      'roles',
      'OpenID Connect scope for add user roles to the access token',
      { includeInTokenScope: false, consentText: i18n('rolesScopeConsentText') },
      [
        mapper('realm roles', 'oidc-usermodel-realm-role-mapper', {
          'claim.name': `${claimNames.realmAccess}.roles`,
          'jsonType.label': 'String',
          multivalued: 'true',
          ...inTokens(true, false, false),
        }),
        mapper('client roles', 'oidc-usermodel-client-role-mapper', {
          'claim.name': `${claimNames.resourceAccess}.\${client_id}.roles`,
          'jsonType.label': 'String',
          multivalued: 'true',
          ...inTokens(true, false, false),
        }),
        mapper('audience resolve', 'oidc-audience-resolve-mapper', {
          'access.token.claim': 'true',
          'introspection.token.claim': 'true',
        }),
      ],
    ),
    scope(
      'profile',
      'OpenID Connect built-in scope: profile',
      { includeInTokenScope: true, consentText: i18n('profileScopeConsentText') },
      [
        mapper('full name', 'oidc-full-name-mapper', inTokens(true, true, true)),
        attributeClaim('username', 'preferred_username', true),
        attributeClaim('firstName', 'given_name', true),
        attributeClaim('lastName', 'family_name', true),
        attributeClaim('locale', 'locale', true),
      ],
    ),
    scope(
      'email',
      'OpenID Connect built-in scope: email',
      { includeInTokenScope: true, consentText: i18n('emailScopeConsentText') },
      [
        attributeClaim('email', 'email', true),
        mapper('email verified', 'oidc-usermodel-property-mapper', {
          'user.attribute': 'emailVerified',
          'claim.name': 'email_verified',
          'jsonType.label': 'boolean',
          ...inTokens(true, true, true),
        }),
      ],
    ),
    scope(
      'web-origins',
      'OpenID Connect scope for add allowed web origins to the access token',
      { includeInTokenScope: false },
      [mapper('allowed web origins', 'oidc-allowed-origins-mapper', inTokens(true, false, false))],
    ),
    scope(
      'acr',
      'OpenID Connect scope for add acr (authentication context class reference) to the token',
      { includeInTokenScope: false },
      [mapper('acr loa level', 'oidc-acr-mapper', inTokens(true, true, false))],
    ),
    // Keycloak's organization scope, with the organization id added: `{ <tenant code>: { id: <tenant uuid> } }`.
    scope(
      'organization',
      'Additional claims about the organization a subject belongs to',
      { includeInTokenScope: true, consentText: i18n('organizationScopeConsentText') },
      [
        mapper('organization', 'oidc-organization-membership-mapper', {
          'claim.name': claimNames.organization,
          'jsonType.label': 'JSON',
          multivalued: 'true',
          addOrganizationId: 'true',
          addOrganizationAttributes: 'false',
          ...inTokens(true, true, true),
        }),
      ],
    ),
    // Attached by Keycloak to clients with a service account: `client_id` marks a client-credentials token.
    scope(
      'service_account',
      'Specific scope for a client enabled for service accounts',
      { includeInTokenScope: false },
      [
        sessionNote('Client ID', claimNames.clientId),
        sessionNote('Client Host', 'clientHost'),
        sessionNote('Client IP Address', 'clientAddress'),
      ],
    ),
    // Ours.
    scope(
      scopeNames.apiAudience,
      `Adds ${apiAudience} to the audience (aud) of access tokens`,
      { includeInTokenScope: false },
      [
        mapper(`audience ${apiAudience}`, 'oidc-audience-mapper', {
          'included.client.audience': apiAudience,
          ...inTokens(true, false, false),
        }),
      ],
    ),
    scope(
      scopeNames.staff,
      'The staff member’s company (tenant id), unit (unit code) and PBX extension, from user attributes',
      { includeInTokenScope: false },
      [
        attributeClaim(claimNames.tenant, claimNames.tenant, true),
        attributeClaim(claimNames.unit, claimNames.unit, true),
        // The PBX's call records name agents by extension (POST /pbx/calls): the API keeps it on the staff profile.
        attributeClaim(claimNames.pbxExtension, claimNames.pbxExtension, false),
      ],
    ),
    // Integrators' permissions: give a service-account client exactly the ones it may use.
    // (the service permissions of schema/src/permissions.ts, as token scopes of the same name).
    ...serviceScopes.map((name) => scope(name, permissions[name].description, { includeInTokenScope: true })),
  ];
}

/** `http://localhost:4000/*` → `http://localhost:4000`. */
const originOf = (uri: string) => new URL(uri.replace(/\*$/, '')).origin;

function clients(redirectUris: string[], webOrigins: string[]): KeycloakClient[] {
  const noExtraGrants = {
    'oauth2.device.authorization.grant.enabled': 'false',
    'oidc.ciba.grant.enabled': 'false',
    'standard.token.exchange.enabled': 'false',
  };
  return [
    {
      clientId: webClientId,
      name: 'سامانه ارتباطات مردمی آبفا',
      description: 'The portal (browser): authorization code with PKCE, no secret',
      enabled: true,
      protocol: oidc,
      publicClient: true,
      bearerOnly: false,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      consentRequired: false,
      frontchannelLogout: true,
      fullScopeAllowed: true,
      redirectUris,
      webOrigins,
      attributes: {
        'pkce.code.challenge.method': 'S256',
        'post.logout.redirect.uris': '+',
        'use.refresh.tokens': 'true',
        'backchannel.logout.session.required': 'true',
        ...noExtraGrants,
      },
      defaultClientScopes: [
        'basic',
        'roles',
        'profile',
        'email',
        'web-origins',
        'acr',
        'organization',
        scopeNames.apiAudience,
        scopeNames.staff,
      ],
      optionalClientScopes: [],
    },
    {
      // The audience of access tokens, and the holder of the client roles read from resource_access['abfa-api'].
      // No flow of its own: it never obtains a token.
      clientId: apiAudience,
      name: 'Abfa contact-centre API',
      description: 'The API: the audience of access tokens; its client roles are the platform roles',
      enabled: true,
      protocol: oidc,
      publicClient: false,
      bearerOnly: false,
      clientAuthenticatorType: 'client-secret',
      standardFlowEnabled: false,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      consentRequired: false,
      frontchannelLogout: false,
      fullScopeAllowed: false,
      redirectUris: [],
      webOrigins: [],
      attributes: noExtraGrants,
      defaultClientScopes: [],
      optionalClientScopes: [],
    },
  ];
}

/**
 * The user profile: Keycloak's default attributes plus `tenant` (one of the registry's tenant ids, chosen by name),
 * `unit` (a unit code) and `pbx_extension` (an agent's extension on the PBX). Only administrators may set them;
 * the user sees them.
 */
function userProfile(registry: Registry): KeycloakComponent {
  const adminOnly = { view: ['admin', 'user'], edit: ['admin'] };
  const config = {
    attributes: [
      {
        name: 'username',
        displayName: i18n('username'),
        validations: {
          length: { min: 3, max: 255 },
          'username-prohibited-characters': {},
          'up-username-not-idn-homograph': {},
        },
        permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
        multivalued: false,
      },
      {
        name: 'email',
        displayName: i18n('email'),
        validations: { email: {}, length: { max: 255 } },
        required: { roles: ['user'] },
        permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
        multivalued: false,
      },
      ...(['firstName', 'lastName'] as const).map((name) => ({
        name,
        displayName: i18n(name),
        validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} },
        required: { roles: ['user'] },
        permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
        multivalued: false,
      })),
      {
        name: claimNames.tenant,
        displayName: 'شرکت (tenant)',
        validations: { options: { options: registry.tenants.map((t) => t.id) } },
        annotations: {
          inputType: 'select',
          inputOptionLabels: Object.fromEntries(registry.tenants.map((t) => [t.id, t.nameFa])),
        },
        permissions: adminOnly,
        multivalued: false,
        group: 'abfa',
      },
      {
        name: claimNames.unit,
        displayName: 'واحد (unit code)',
        validations: {
          pattern: { pattern: '^[a-z0-9][a-z0-9-]{0,39}$', 'error-message': 'a unit code of the tenant registry' },
        },
        permissions: adminOnly,
        multivalued: false,
        group: 'abfa',
      },
      {
        name: claimNames.pbxExtension,
        displayName: 'داخلی تلفن (PBX extension)',
        validations: {
          pattern: {
            pattern: pbxExtensionPattern.source,
            'error-message': 'the agent’s extension on the PBX: letters, digits, . _ -',
          },
        },
        permissions: adminOnly,
        multivalued: false,
        group: 'abfa',
      },
    ],
    groups: [
      {
        name: 'user-metadata',
        displayHeader: 'User metadata',
        displayDescription: 'Attributes, which refer to user metadata',
      },
      {
        name: 'abfa',
        displayHeader: 'آبفا',
        displayDescription:
          'The company and unit the staff member acts in (absent: national roles), and an agent’s PBX extension',
      },
    ],
  };
  return {
    providerId: 'declarative-user-profile',
    subComponents: {},
    config: { 'kc.user.profile.config': [JSON.stringify(config)] },
  };
}

export function keycloakRealm(registry: Registry, options: KeycloakRealmOptions = {}): KeycloakRealm {
  const redirectUris = options.webRedirectUris ?? defaultWebRedirectUris;
  const webOrigins = options.webOrigins ?? [...new Set(redirectUris.map(originOf))];
  const platformRoles = roles.map(
    (name): KeycloakRole => ({
      name,
      description: `${roleDescriptions[name].fa} — ${roleDescriptions[name].en}`,
      composite: false,
    }),
  );
  return {
    realm: options.realm ?? defaultRealmName,
    displayName: 'سامانه ارتباطات مردمی آب و فاضلاب',
    enabled: true,
    sslRequired: 'external',
    organizationsEnabled: true,
    registrationAllowed: false,
    loginWithEmailAllowed: true,
    duplicateEmailsAllowed: false,
    resetPasswordAllowed: true,
    editUsernameAllowed: false,
    rememberMe: false,
    verifyEmail: false,
    // Temporary lockout: after 5 failures, waits growing by a minute up to 15 minutes, forgotten after 12 hours.
    bruteForceProtected: true,
    permanentLockout: false,
    failureFactor: 5,
    waitIncrementSeconds: 60,
    maxFailureWaitSeconds: 900,
    minimumQuickLoginWaitSeconds: 60,
    quickLoginCheckMilliSeconds: 1000,
    maxDeltaTimeSeconds: 43_200,
    passwordPolicy: 'length(12) and notUsername and notEmail and passwordHistory(3)',
    defaultSignatureAlgorithm: 'RS256',
    // Access tokens live 5 minutes (the API verifies them offline, so this bounds a revoked session); a shift-long
    // SSO session (10 hours) that ends after 30 idle minutes; refresh tokens rotate and are single-use.
    accessTokenLifespan: 300,
    accessCodeLifespan: 60,
    accessCodeLifespanLogin: 1800,
    accessCodeLifespanUserAction: 300,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36_000,
    revokeRefreshToken: true,
    refreshTokenMaxReuse: 0,
    internationalizationEnabled: true,
    supportedLocales: ['fa', 'en'],
    defaultLocale: 'fa',
    eventsEnabled: true,
    eventsExpiration: 2_592_000,
    adminEventsEnabled: true,
    adminEventsDetailsEnabled: false,
    roles: { realm: platformRoles, client: { [apiAudience]: platformRoles } },
    clientScopes: clientScopes(),
    // Not `abfa-api-audience`: a realm default would give the API's audience to every client, Keycloak's own
    // (account console, admin-cli) included. The portal has it; an integrator client is given it by hand.
    defaultDefaultClientScopes: ['basic', 'roles', 'profile', 'email', 'web-origins', 'acr'],
    defaultOptionalClientScopes: ['organization'],
    clients: clients(redirectUris, webOrigins),
    organizations: registry.tenants.map((t) => ({
      id: t.id,
      name: t.nameFa,
      alias: t.code,
      description: t.nameEn,
      enabled: t.status === 'active',
      domains: [{ name: organizationDomain(t.code), verified: false }],
    })),
    components: { 'org.keycloak.userprofile.UserProfileProvider': [userProfile(registry)] },
  };
}
