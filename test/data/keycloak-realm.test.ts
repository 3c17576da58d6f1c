import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  acceptedAlgorithms,
  apiAudience,
  claimNames,
  repositoryRoot,
  roles,
  serviceScopes,
  webClientId,
} from '@abfa/schema';
import { type KeycloakRealm, keycloakRealm, loadRegistry, type Registry, realmFile, realmJson } from '@abfa/tenants';
import { beforeAll, describe, expect, it } from 'vitest';

type Realm = KeycloakRealm;
type Client = Realm['clients'][number];
type Mapper = NonNullable<Client['protocolMappers']>[number];

/** The client scope that adds abfa-api to `aud` (tenants/src/keycloak-realm.ts). */
const apiAudienceScope = 'abfa-api-audience';

const stale = 'tenants/keycloak/realm-abfa.json is out of date with the tenant registry: run `pnpm keycloak:realm`';

function clientOf(realm: Realm, clientId: string): Client {
  const client = realm.clients.find((c) => c.clientId === clientId);
  if (!client) throw new Error(`no client ${clientId}`);
  return client;
}

/** The mappers that shape a client's tokens without asking for a scope: its own and those of its default scopes. */
function defaultMappers(realm: Realm, client: Client): Mapper[] {
  const scopes = realm.clientScopes.filter((s) => client.defaultClientScopes.includes(s.name));
  return [...(client.protocolMappers ?? []), ...scopes.flatMap((s) => s.protocolMappers ?? [])];
}

const inAccessToken = (m: Mapper) => m.config['access.token.claim'] === 'true';

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  return [];
}

describe('the Keycloak realm template', () => {
  let registry: Registry;
  let realm: Realm;
  beforeAll(async () => {
    registry = await loadRegistry();
    realm = keycloakRealm(registry);
  });

  it('is the committed tenants/keycloak/realm-abfa.json (regenerated when the registry changes)', () => {
    const committed = readFileSync(realmFile, 'utf8');
    expect(JSON.parse(committed), stale).toEqual(JSON.parse(JSON.stringify(realm)));
    expect(committed, stale).toBe(realmJson(realm));
  });

  it('is the abfa realm, with organizations, TLS outside localhost, brute-force protection and Persian first', () => {
    expect(realm.realm).toBe('abfa');
    expect(realm.enabled).toBe(true);
    expect(realm.organizationsEnabled).toBe(true);
    expect(realm.sslRequired).toBe('external');
    expect(realm.bruteForceProtected).toBe(true);
    expect(realm.registrationAllowed).toBe(false);
    expect(realm.internationalizationEnabled).toBe(true);
    expect(realm.defaultLocale).toBe('fa');
    expect(realm.supportedLocales).toEqual(expect.arrayContaining(['fa', 'en']));
    expect(realm.accessTokenLifespan).toBeGreaterThanOrEqual(5 * 60);
    expect(realm.accessTokenLifespan).toBeLessThanOrEqual(15 * 60);
    expect(acceptedAlgorithms).toContain(realm.defaultSignatureAlgorithm);
  });

  it('has one organization per tenant: id = tenant id, alias = code, enabled while active', () => {
    expect(realm.organizations).toHaveLength(registry.tenants.length);
    for (const t of registry.tenants) {
      const org = realm.organizations.find((o) => o.id === t.id);
      expect(org, t.code).toMatchObject({
        alias: t.code,
        name: t.nameFa,
        description: t.nameEn,
        enabled: t.status === 'active',
      });
      expect(org?.domains.length, t.code).toBeGreaterThan(0);
    }
    // Keycloak refuses two organizations with the same name, alias or domain.
    for (const field of ['name', 'alias'] as const)
      expect(new Set(realm.organizations.map((o) => o[field])).size, field).toBe(realm.organizations.length);
    const domains = realm.organizations.flatMap((o) => o.domains.map((d) => d.name));
    expect(new Set(domains).size).toBe(domains.length);
  });

  it('has every platform role as a realm role and as a client role of abfa-api, each described', () => {
    for (const list of [realm.roles.realm, realm.roles.client[apiAudience] ?? []]) {
      expect(list.map((r) => r.name).sort()).toEqual([...roles].sort());
      for (const r of list) {
        expect(r.description, r.name).toMatch(/[\u0600-\u06FF]/);
        expect(r.description, r.name).toMatch(/[A-Za-z]/);
      }
    }
  });

  it('makes abfa-web a public client: authorization code with PKCE S256, no password or implicit grant', () => {
    const web = clientOf(realm, webClientId);
    expect(web).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      directAccessGrantsEnabled: false,
      implicitFlowEnabled: false,
      serviceAccountsEnabled: false,
      redirectUris: ['http://127.0.0.1:4000/*', 'http://localhost:4000/*'],
      webOrigins: ['http://127.0.0.1:4000', 'http://localhost:4000'],
    });
    expect(web.attributes['pkce.code.challenge.method']).toBe('S256');
  });

  it('makes abfa-api an audience only: confidential, no flow of its own', () => {
    expect(clientOf(realm, apiAudience)).toMatchObject({
      publicClient: false,
      standardFlowEnabled: false,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
    });
  });

  it('puts abfa-api in the audience of the portal’s tokens, and of no other client’s by default', () => {
    const audience = defaultMappers(realm, clientOf(realm, webClientId)).filter(
      (m) => m.protocolMapper === 'oidc-audience-mapper',
    );
    expect(audience).toHaveLength(1);
    expect(audience[0]?.config['included.client.audience']).toBe(apiAudience);
    expect(audience.every(inAccessToken)).toBe(true);
    // Not a realm default: Keycloak's own clients (account console, admin-cli) and other applications of the realm
    // get tokens without the API's audience; an integrator client is given the scope by hand (tenants/keycloak).
    const defaults = realm.clientScopes.filter((s) => realm.defaultDefaultClientScopes.includes(s.name));
    expect(
      defaults.flatMap((s) => s.protocolMappers ?? []).some((m) => m.protocolMapper === 'oidc-audience-mapper'),
    ).toBe(false);
    expect(realm.defaultOptionalClientScopes).not.toContain(apiAudienceScope);
    expect(
      realm.clients.filter((c) => c.defaultClientScopes.includes(apiAudienceScope)).map((c) => c.clientId),
    ).toEqual([webClientId]);
  });

  it('maps the tenant and unit user attributes, realm roles, client roles, subject and organization id into the access token', () => {
    const mappers = defaultMappers(realm, clientOf(realm, webClientId));
    const claim = (name: string) => mappers.filter((m) => m.config['claim.name'] === name);

    for (const name of [claimNames.tenant, claimNames.unit]) {
      const [attribute, ...others] = claim(name);
      expect(others, name).toEqual([]);
      expect(attribute, name).toMatchObject({
        protocolMapper: 'oidc-usermodel-attribute-mapper',
        config: { 'user.attribute': name, 'jsonType.label': 'String', 'access.token.claim': 'true' },
      });
    }
    expect(claim(`${claimNames.realmAccess}.roles`)).toEqual([
      expect.objectContaining({
        protocolMapper: 'oidc-usermodel-realm-role-mapper',
        config: expect.objectContaining({ multivalued: 'true', 'access.token.claim': 'true' }),
      }),
    ]);
    expect(claim(`${claimNames.resourceAccess}.\${client_id}.roles`)).toHaveLength(1);
    // A realm file that declares client scopes gets none of Keycloak's built-ins: `sub` comes from `basic`.
    expect(mappers.filter((m) => m.protocolMapper === 'oidc-sub-mapper' && inAccessToken(m))).toHaveLength(1);
    expect(claim(claimNames.organization)).toEqual([
      expect.objectContaining({
        protocolMapper: 'oidc-organization-membership-mapper',
        config: expect.objectContaining({
          addOrganizationId: 'true',
          multivalued: 'true',
          'jsonType.label': 'JSON',
          'access.token.claim': 'true',
        }),
      }),
    ]);
  });

  it('declares the user profile attributes tenant (a registry tenant id) and unit, editable by administrators only', () => {
    const [profile] = realm.components['org.keycloak.userprofile.UserProfileProvider'] ?? [];
    const config = JSON.parse(profile?.config['kc.user.profile.config']?.[0] ?? '{}') as {
      attributes: { name: string; permissions: { edit: string[] }; validations: Record<string, unknown> }[];
    };
    const names = config.attributes.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['username', 'email', 'firstName', 'lastName', 'tenant', 'unit']));
    const tenant = config.attributes.find((a) => a.name === 'tenant');
    expect(tenant?.validations.options).toEqual({ options: registry.tenants.map((t) => t.id) });
    for (const a of config.attributes.filter((x) => ['tenant', 'unit'].includes(x.name)))
      expect(a.permissions.edit, a.name).toEqual(['admin']);
  });

  it('offers the service permissions as optional scopes an integrator client can be given, and no more', () => {
    const service = realm.clientScopes.filter((s) => s.name.includes(':'));
    expect(service.map((s) => s.name).sort()).toEqual([...serviceScopes].sort());
    for (const s of service) expect(s.attributes['include.in.token.scope'], s.name).toBe('true');
    const given = [
      ...realm.defaultDefaultClientScopes,
      ...realm.defaultOptionalClientScopes,
      ...realm.clients.flatMap((c) => [...c.defaultClientScopes, ...c.optionalClientScopes]),
    ];
    for (const s of service) expect(given, s.name).not.toContain(s.name);
  });

  it('refers only to client scopes it declares', () => {
    const declared = new Set(realm.clientScopes.map((s) => s.name));
    expect(declared.size).toBe(realm.clientScopes.length);
    const referenced = [
      ...realm.defaultDefaultClientScopes,
      ...realm.defaultOptionalClientScopes,
      ...realm.clients.flatMap((c) => [...c.defaultClientScopes, ...c.optionalClientScopes]),
    ];
    for (const name of referenced) expect(declared, name).toContain(name);
  });

  it('holds no users and no secrets', () => {
    const text = readFileSync(realmFile, 'utf8');
    const keys = keysOf(JSON.parse(text));
    expect(keys.filter((k) => /secret|credential|password$|privateKey|certificate/i.test(k))).toEqual([]);
    for (const key of ['users', 'federatedUsers', 'smtpServer', 'identityProviders']) expect(keys).not.toContain(key);
    expect(text).not.toMatch(/secret"\s*:/i);
  });

  it('takes the realm name, redirect URIs and origins as options', () => {
    const custom = keycloakRealm(registry, {
      realm: 'abfa-staging',
      webRedirectUris: ['https://portal.example.ir/*', 'https://portal.example.ir/callback'],
    });
    expect(custom.realm).toBe('abfa-staging');
    expect(clientOf(custom, webClientId).redirectUris).toEqual([
      'https://portal.example.ir/*',
      'https://portal.example.ir/callback',
    ]);
    expect(clientOf(custom, webClientId).webOrigins).toEqual(['https://portal.example.ir']);
    const origins = keycloakRealm(registry, { webOrigins: ['https://a.example.ir'] });
    expect(clientOf(origins, webClientId).webOrigins).toEqual(['https://a.example.ir']);
  });

  it('is written for a deployment by the command line, with the portal’s addresses, leaving the template alone', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'abfa-realm-'));
    const committed = readFileSync(realmFile, 'utf8');
    const cli = (...args: string[]) =>
      spawnSync(path.join(repositoryRoot, 'node_modules', '.bin', 'tsx'), ['tenants/src/keycloak-cli.ts', ...args], {
        cwd: repositoryRoot,
        encoding: 'utf8',
      });
    try {
      const out = path.join(folder, 'realm-production.json');
      const written = cli('--redirect-uri', 'https://portal.abfa.example.ir/*', '--realm', 'abfa-prod', '--out', out);
      expect(written.status).toBe(0);
      const realm = JSON.parse(readFileSync(out, 'utf8')) as KeycloakRealm;
      expect(realm.realm).toBe('abfa-prod');
      expect(clientOf(realm, webClientId)).toMatchObject({
        redirectUris: ['https://portal.abfa.example.ir/*'],
        webOrigins: ['https://portal.abfa.example.ir'],
      });
      // Plain http only on loopback; options without --out would overwrite the committed template: both refused.
      const insecure = cli('--redirect-uri', 'http://portal.abfa.example.ir/*', '--out', out);
      expect(insecure.status).toBe(1);
      expect(insecure.stderr).toContain('must be https');
      const noOut = cli('--redirect-uri', 'https://portal.abfa.example.ir/*');
      expect(noOut.status).toBe(1);
      expect(noOut.stderr).toContain('--out');
      expect(readFileSync(realmFile, 'utf8')).toBe(committed);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
