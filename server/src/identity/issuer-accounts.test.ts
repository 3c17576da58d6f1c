import { loadRegistry, type Registry } from '@abfa/tenants';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountsFromFile, credentialMatches, demoAccounts, generatePassword, hashSecret } from './issuer-accounts.js';

let registry: Registry;
beforeAll(async () => {
  registry = await loadRegistry();
});

const hash = 'scrypt$16384$8$1$c2FsdA$a2V5';
const user = {
  username: 'tehran.boss',
  subject: 's1',
  name: 'Boss',
  tenant: 'tehran',
  roles: ['centre_manager'],
  passwordHash: hash,
};

describe('the embedded issuer’s accounts file', () => {
  it('resolves tenants and units from the registry', () => {
    const tehran = registry.tenants.find((t) => t.code === 'tehran');
    const unit = tehran?.units.find((u) => u.kind === 'district')?.code;
    const accounts = accountsFromFile(
      {
        users: [{ ...user, roles: ['unit_staff'], unit }],
        clients: [{ clientId: 'tehran-pbx', name: 'PBX', tenant: 'tehran', scopes: ['viewer:read'], secretHash: hash }],
      },
      registry,
      'a.json',
    );
    expect(accounts.demo).toBe(false);
    expect(accounts.users[0]).toMatchObject({ tenantId: tehran?.id, unitCode: unit, password: { scrypt: hash } });
    expect(accounts.clients[0]).toMatchObject({ tenantId: tehran?.id, scopes: ['viewer:read'] });
  });

  it.each([
    [
      'a plaintext password',
      { users: [{ ...user, passwordHash: 'abfa-demo' }] },
      /users\.0\.passwordHash: must be a scrypt hash/,
    ],
    ['an unknown company', { users: [{ ...user, tenant: 'atlantis' }] }, /users\.0\.tenant: no company atlantis/],
    ['a unit of no such code', { users: [{ ...user, unit: 'nowhere' }] }, /users\.0\.unit: no unit nowhere in tehran/],
    [
      'a national role with a tenant',
      { users: [{ ...user, roles: ['national_supervisor'] }] },
      /users\.0\.roles: national roles/,
    ],
    ['a company role without one', { users: [{ ...user, tenant: undefined }] }, /users\.0\.tenant: company roles need/],
    ['the integrator role for a person', { users: [{ ...user, roles: ['integrator'] }] }, /users\.0\.roles\.0/],
    ['a username twice', { users: [user, user] }, /users\.1\.username: user tehran\.boss appears twice/],
    [
      'a permission no service may hold',
      { clients: [{ clientId: 'x-pbx', name: 'x', tenant: 'tehran', scopes: ['audit:read'], secretHash: hash }] },
      /clients\.0\.scopes\.0/,
    ],
  ])('refuses %s, naming the field', (_name, content, message) => {
    expect(() => accountsFromFile(content, registry, 'a.json')).toThrow(message);
  });
});

describe('credentials', () => {
  it('match a scrypt hash of the generated password, and nothing else', async () => {
    const password = generatePassword();
    expect(password).toMatch(/^([a-zA-Z2-9]{4}-){4}[a-zA-Z2-9]{4}$/);
    const stored = { scrypt: await hashSecret(password) };
    expect(stored.scrypt).not.toContain(password);
    expect(await credentialMatches(password, stored)).toBe(true);
    expect(await credentialMatches(`${password} `, stored)).toBe(false);
    expect(await credentialMatches('', stored)).toBe(false);
  });

  it('keeps the demo accounts’ clear password and secrets for the demo directory only', async () => {
    const demo = demoAccounts(registry);
    expect(demo.demo).toBe(true);
    const client = demo.clients.find((c) => c.clientId === 'tehran-integrator');
    expect(client && (await credentialMatches('tehran-integrator-secret', client.secret))).toBe(true);
  });
});
