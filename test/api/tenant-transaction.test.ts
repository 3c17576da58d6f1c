import { Writable } from 'node:stream';
import { tenantCounter } from '@abfa/schema';
import {
  type Context,
  createLogger,
  defaultMessagingSettings,
  errorMasker,
  InputError,
  markOperationFailed,
  type Principal,
  RequestScope,
  tenantDirectory,
  tenantTransaction,
} from '@abfa/server';
import { sql } from 'drizzle-orm';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rows } from '../support/sql.js';
import { type SeededTenant, seedTenant } from '../support/tenant-fixtures.js';

/**
 * The per-operation transaction, exercised through a small schema of its own (the real API has no mutation yet):
 * mutations commit whole or roll back whole, queries are read-only, and a resolver without a tenant fails loudly.
 */
let db: TestDatabase;
let a: SeededTenant;
let yoga: ReturnType<typeof createYoga<object, Context>>;
const logged: unknown[] = [];

const typeDefs = /* GraphQL */ `
  type Query { setting: String!, lineCodes: [String!]!, sneakyWrite: Boolean!, badStatement: Boolean! }
  type Mutation { addLines(codes: [String!]!, failAfter: Int, handled: Boolean): Boolean! }
`;

beforeAll(async () => {
  db = await createTestDatabase();
  a = await seedTenant(db.owner.root, 'tx-a');
  // What the masker logs (errors of ours), to check the real cause is there.
  const log = createLogger(
    'error',
    new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        done();
      },
    }),
  );
  yoga = createYoga<object, Context>({
    schema: createSchema<Context>({
      typeDefs,
      resolvers: {
        Query: {
          setting: async (_r, _a, ctx) => {
            const [row] = await rows<{ tenant: string; actor: string; request: string }>(
              ctx.scope.db,
              sql`select current_setting('app.tenant_id') as tenant, current_setting('app.actor') as actor, current_setting('app.request_id') as request`,
            );
            return `${row?.tenant}|${row?.actor}|${row?.request}`;
          },
          lineCodes: async (_r, _a, ctx) =>
            (await ctx.scope.db.select({ code: tenantCounter.name }).from(tenantCounter)).map((l) => l.code),
          // A fault of ours: a statement PostgreSQL refuses (it aborts the transaction, so its commit fails too).
          badStatement: async (_r, _a, ctx) => {
            await rows(ctx.scope.db, sql`select 'not-a-uuid'::uuid`);
            return true;
          },
          sneakyWrite: async (_r, _a, ctx) => {
            await ctx.scope.db.insert(tenantCounter).values({ tenantId: a.tenantId, name: 'from-query', value: 1 });
            return true;
          },
        },
        Mutation: {
          addLines: async (_r, args: { codes: string[]; failAfter?: number; handled?: boolean }, ctx) => {
            for (const [i, code] of args.codes.entries()) {
              if (args.failAfter === i) {
                // A typed error is "handled": the errors plugin returns it as data and marks the operation failed.
                if (args.handled) {
                  markOperationFailed();
                  return false;
                }
                throw new InputError('codes', 'refused on purpose', 'عمداً رد شد');
              }
              await ctx.scope.db.insert(tenantCounter).values({ tenantId: a.tenantId, name: code, value: 1 });
            }
            return true;
          },
        },
      },
    }),
    plugins: [tenantTransaction(db.api.root)],
    logging: false,
    maskedErrors: { maskError: errorMasker(log, false) },
    context: ({ request }) => {
      const tenantId = request.headers.get('x-tenant');
      const service = request.headers.get('x-service') === 'yes';
      const principal: Principal = service
        ? {
            subject: 'service-account-pbx',
            kind: 'service',
            tenantId,
            unitId: null,
            roles: ['integrator'],
            scopes: ['tenant:read'],
            clientId: 'pbx',
            displayName: null,
          }
        : {
            subject: 'tester',
            kind: 'user',
            tenantId,
            unitId: null,
            roles: ['centre_manager'],
            scopes: [],
            clientId: null,
            displayName: null,
          };
      return {
        requestId: 'request-1',
        idempotencyKey: null,
        principal,
        log,
        scope: new RequestScope(tenantId),
        tenants: tenantDirectory(),
        messaging: defaultMessagingSettings,
      };
    },
  });
});
afterAll(() => db?.close());

async function run(query: string, tenant: string | null = a.tenantId, service = false) {
  const response = await yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(tenant ? { 'x-tenant': tenant } : {}),
      ...(service ? { 'x-service': 'yes' } : {}),
    },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}
const codes = async () => (await run('{ lineCodes }')).data?.lineCodes as string[];
/** The audit trail as the owner sees it, newest last. */
const trail = () =>
  rows<{
    operation: string;
    outcome: string;
    actor_subject: string;
    actor_kind: string;
    request_id: string;
    detail: { errors?: string[]; clientId?: string };
  }>(
    db.owner.root,
    sql`select operation, outcome, actor_subject, actor_kind, request_id, detail from audit_event where tenant_id = ${a.tenantId} and operation like 'mutation%' order by occurred_at`,
  );

describe('one transaction per operation', () => {
  it('sets the tenant, actor and request id for the operation', async () => {
    expect((await run('{ setting }')).data?.setting).toBe(`${a.tenantId}|tester|request-1`);
  });

  it('commits a mutation that succeeds', async () => {
    const result = await run('mutation { addLines(codes: ["ok-1", "ok-2"]) }');
    expect(result.errors).toBeUndefined();
    expect(await codes()).toEqual(expect.arrayContaining(['ok-1', 'ok-2']));
    expect((await trail()).at(-1)).toMatchObject({
      operation: 'mutation addLines',
      outcome: 'success',
      actor_subject: 'tester',
      request_id: 'request-1',
    });
  });

  it('rolls back everything a mutation wrote when it throws halfway', async () => {
    const result = await run('mutation { addLines(codes: ["half-1", "half-2", "half-3"], failAfter: 2) }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect(await codes()).not.toContain('half-1');
    // The work is gone, its refusal is on record.
    expect((await trail()).at(-1)).toMatchObject({
      operation: 'mutation addLines',
      outcome: 'refused',
      detail: { errors: ['BAD_INPUT'] },
    });
  });

  it('rolls back a mutation whose error was handled as a typed result', async () => {
    const result = await run('mutation { addLines(codes: ["typed-1", "typed-2"], failAfter: 1, handled: true) }');
    expect(result.errors).toBeUndefined();
    expect(await codes()).not.toContain('typed-1');
    expect((await trail()).at(-1)).toMatchObject({ outcome: 'refused' });
  });

  it('audits a service account’s mutation like a person’s, naming its client', async () => {
    const result = await run('mutation { addLines(codes: ["from-pbx"]) }', a.tenantId, true);
    expect(result.errors).toBeUndefined();
    expect((await trail()).at(-1)).toMatchObject({
      outcome: 'success',
      actor_subject: 'service-account-pbx',
      actor_kind: 'service',
      detail: { clientId: 'pbx' },
    });
  });

  it('answers a failing statement as INTERNAL without its SQL, and logs the real cause (PGlite too)', async () => {
    logged.length = 0;
    const result = await run('{ badStatement }');
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL');
    // Outside production too: no statement, no driver message, no "rolled back instead of committed".
    expect(JSON.stringify(result)).not.toMatch(/uuid|select|rolled back/i);
    expect(JSON.stringify(logged)).toMatch(/invalid input syntax for type uuid/);
  });

  it('runs queries read-only', async () => {
    const result = await run('{ sneakyWrite }');
    expect(result.errors?.length).toBe(1);
    expect(await codes()).not.toContain('from-query');
    // Queries are not audited (only mutations, and later every supervisor read).
    expect((await trail()).some((e) => e.operation.includes('sneakyWrite'))).toBe(false);
  });

  it('fails loudly when a resolver reaches for data without a tenant', async () => {
    const result = await run('{ lineCodes }', null);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/tenant/i);
  });
});
