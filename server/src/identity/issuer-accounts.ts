import { createHash, randomBytes, randomInt, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isNationalPermission, type Role, roles } from '@abfa/schema';
import type { Registry } from '@abfa/tenants';
import { z } from 'zod';
import { type Permission, serviceScopes } from '../auth/permissions.js';
import { type DemoUser, demoDirectory, demoPassword } from './demo-directory.js';

/**
 * Who may sign in at the embedded issuer: the demo directory (outside production only: a published password and
 * predictable secrets), or the accounts an operator configured in a file (EMBEDDED_ISSUER_ACCOUNTS) holding only
 * scrypt hashes of generated passwords and secrets, which `pnpm issuer:account` writes and prints once.
 */

/** A password or client secret as the issuer keeps it: the demo's in clear, a configured one as a scrypt hash. */
export type Credential = { plain: string } | { scrypt: string };

/** A person who may sign in: who they are as the demo directory describes people, and their password. */
export interface IssuerUser extends DemoUser {
  password: Credential;
}

export interface IssuerClient {
  clientId: string;
  name: string;
  /** Null for a national service account (national scopes only). */
  tenantId: string | null;
  tenantCode: string | null;
  scopes: Permission[];
  secret: Credential;
}

export interface IssuerAccounts {
  /** Demo accounts: the login page shows them. Never in production. */
  demo: boolean;
  users: IssuerUser[];
  clients: IssuerClient[];
}

export function demoAccounts(registry: Registry): IssuerAccounts {
  const { users, clients } = demoDirectory(registry);
  return {
    demo: true,
    users: users.map((u) => ({ ...u, password: { plain: demoPassword } })),
    clients: clients.map(({ clientSecret, ...c }) => ({ ...c, secret: { plain: clientSecret } })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The accounts file

const nationalRoles: Role[] = ['national_supervisor', 'platform_admin'];
const personRoles = roles.filter((r) => r !== 'integrator');
const name = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const scryptHash = /^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/;

export const accountsFileSchema = z.object({
  users: z
    .array(
      z.object({
        username: z.string().regex(name, 'lower-case letters, digits, . _ - (2–64)'),
        subject: z.string().min(1),
        name: z.string().min(1),
        /** Tenant code; absent for the national roles. */
        tenant: z.string().min(1).optional(),
        roles: z.array(z.enum(personRoles as [Role, ...Role[]])).min(1, 'at least one role'),
        /** Unit code of that tenant, for operational-unit staff. */
        unit: z.string().min(1).optional(),
        passwordHash: z.string().regex(scryptHash, 'must be a scrypt hash written by pnpm issuer:account'),
      }),
    )
    .default([]),
  clients: z
    .array(
      z.object({
        clientId: z.string().regex(name, 'lower-case letters, digits, . _ - (2–64)'),
        name: z.string().min(1),
        /** Tenant code; absent for the national office's service account, which holds national scopes only. */
        tenant: z.string().min(1).optional(),
        scopes: z.array(z.enum(serviceScopes as [Permission, ...Permission[]])),
        secretHash: z.string().regex(scryptHash, 'must be a scrypt hash written by pnpm issuer:account'),
      }),
    )
    .default([]),
});
export type AccountsFile = z.infer<typeof accountsFileSchema>;

export class AccountsFileError extends Error {
  constructor(file: string, problems: string[]) {
    super(`The embedded issuer's accounts file ${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AccountsFileError';
  }
}

/** Checks the file's accounts against the registry (tenant codes, unit codes, roles) and each other. */
export function accountsFromFile(content: unknown, registry: Registry, file: string): IssuerAccounts {
  const parsed = accountsFileSchema.safeParse(content);
  if (!parsed.success)
    throw new AccountsFileError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`),
    );
  const problems: string[] = [];
  const tenantOf = (code: string, where: string) => {
    const tenant = registry.tenants.find((t) => t.code === code);
    if (!tenant) problems.push(`${where}.tenant: no company ${code} in the tenant registry`);
    return tenant;
  };
  const seen = new Set<string>();
  const unique = (id: string, where: string) => {
    if (seen.has(id)) problems.push(`${where}: ${id} appears twice`);
    seen.add(id);
  };

  const users = parsed.data.users.map((u, i): IssuerUser => {
    const where = `users.${i}`;
    unique(`user ${u.username}`, `${where}.username`);
    const national = u.roles.filter((r) => nationalRoles.includes(r));
    if (national.length > 0 && (u.tenant || national.length !== u.roles.length))
      problems.push(`${where}.roles: national roles hold no tenant and no company role`);
    if (national.length === 0 && !u.tenant) problems.push(`${where}.tenant: company roles need a tenant code`);
    const tenant = u.tenant ? tenantOf(u.tenant, where) : undefined;
    if (u.unit && tenant && !tenant.units.some((unit) => unit.code === u.unit))
      problems.push(`${where}.unit: no unit ${u.unit} in ${tenant.code}`);
    return {
      username: u.username,
      subject: u.subject,
      name: u.name,
      roles: u.roles,
      tenantId: tenant?.id ?? null,
      tenantCode: tenant?.code ?? null,
      unitCode: u.unit ?? null,
      password: { scrypt: u.passwordHash },
    };
  });
  const clients = parsed.data.clients.map((c, i): IssuerClient => {
    const where = `clients.${i}`;
    unique(`client ${c.clientId}`, `${where}.clientId`);
    const national = c.scopes.filter(isNationalPermission);
    if (c.tenant && national.length > 0) problems.push(`${where}.scopes: national scopes hold no tenant`);
    if (!c.tenant && national.length !== c.scopes.length)
      problems.push(`${where}.tenant: company scopes need a tenant code (only national scopes hold none)`);
    const tenant = c.tenant ? tenantOf(c.tenant, where) : undefined;
    return {
      clientId: c.clientId,
      name: c.name,
      tenantId: tenant?.id ?? null,
      tenantCode: c.tenant ?? null,
      scopes: c.scopes,
      secret: { scrypt: c.secretHash },
    };
  });
  if (problems.length > 0) throw new AccountsFileError(file, problems);
  return { demo: false, users, clients };
}

export async function loadIssuerAccounts(file: string, registry: Registry): Promise<IssuerAccounts> {
  let content: unknown;
  try {
    content = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (error as Error).message;
    throw new AccountsFileError(file, [`cannot be read: ${reason}`]);
  }
  return accountsFromFile(content, registry, file);
}

// ---------------------------------------------------------------------------------------------------------------
// Credentials: generated, hashed with scrypt, compared in constant time

const cost = { N: 16_384, r: 8, p: 1 } as const;
const keyLength = 32;

function derive(secret: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$<salt>$<key>`, base64url. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, cost.N, cost.r, cost.p);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const digest = (text: string) => createHash('sha256').update(text).digest();

export async function credentialMatches(given: string, credential: Credential): Promise<boolean> {
  // Equal-length digests, so the time taken says nothing about how much of the secret was right.
  if ('plain' in credential) return timingSafeEqual(digest(given), digest(credential.plain));
  const [, N, r, p, salt, key] = credential.scrypt.split('$');
  const expected = Buffer.from(key ?? '', 'base64url');
  const actual = await derive(given, Buffer.from(salt ?? '', 'base64url'), Number(N), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Compared against when the username is unknown, so a wrong name takes as long as a wrong password (no list of
 * accounts by timing). Made once per process.
 */
let decoy: Promise<Credential> | undefined;
export const decoyCredential = () => {
  decoy ??= hashSecret(randomUUID()).then((scryptHash) => ({ scrypt: scryptHash }));
  return decoy;
};

/** Easy to read aloud and type: five groups of four from an alphabet without look-alikes (~98 bits). */
const passwordAlphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function generatePassword(): string {
  const groups = Array.from({ length: 5 }, () =>
    Array.from({ length: 4 }, () => passwordAlphabet[randomInt(passwordAlphabet.length)]).join(''),
  );
  return groups.join('-');
}

/** 256 random bits: a machine's secret, never typed. */
export const generateClientSecret = () => randomBytes(32).toString('base64url');
