import { randomBytes } from 'node:crypto';
import { createApp, createLogger, tenantDirectory, textMaxLength } from '@abfa/server';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicRoutes } from '../../server/src/http/public.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rows } from '../support/sql.js';

/**
 * The schema-driven sweep of issue 11: from introspection, every mutation gets, one field at a time, wrong types,
 * NUL and other control characters, lone surrogates, oversize text, malformed and wrong-type ids, unknown enum
 * values, out-of-range numbers and bad dates, a null or a missing value where one is required and an unknown field;
 * the citizen routes get the same in each of their fields and bodies that are no object. Every answer must be a
 * refusal with a code (BAD_INPUT naming its field, or another code of the contract), never INTERNAL, never a 5xx,
 * and nothing in any tenant table may change (the audit trail records the refusals: it is the one table left out).
 * The cases are enumerated, not drawn: the same run every time.
 */
let db: TestDatabase;
let t: TestApp;
let citizen: ReturnType<typeof createApp>;
let headers: Record<string, string>;

const uuid = '00000000-0000-4000-8000-000000000000';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const generous = { points: 100_000, windowSeconds: 60 };

interface TypeRef {
  kind: 'NON_NULL' | 'LIST' | 'SCALAR' | 'ENUM' | 'INPUT_OBJECT' | 'OBJECT' | 'UNION' | 'INTERFACE';
  name: string | null;
  ofType: TypeRef | null;
}
interface InputValue {
  name: string;
  type: TypeRef;
  defaultValue: string | null;
}
interface FullType {
  name: string;
  kind: string;
  inputFields: InputValue[] | null;
  enumValues: { name: string }[] | null;
}
interface Schema {
  mutationType: { fields: { name: string; args: InputValue[] }[] };
  types: FullType[];
}

const typeRef = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const introspection = `{ __schema {
  mutationType { fields { name args { name defaultValue type { ${typeRef} } } } }
  types { name kind inputFields { name defaultValue type { ${typeRef} } } enumValues { name } }
} }`;

let schema: Schema;
const typeNamed = (name: string) => {
  const found = schema.types.find((x) => x.name === name);
  if (!found) throw new Error(`no type ${name}`);
  return found;
};
const named = (ref: TypeRef): TypeRef => (ref.ofType ? named(ref.ofType) : ref);
const typeText = (ref: TypeRef): string =>
  ref.kind === 'NON_NULL'
    ? `${typeText(ref.ofType as TypeRef)}!`
    : ref.kind === 'LIST'
      ? `[${typeText(ref.ofType as TypeRef)}]`
      : String(ref.name);
const isList = (ref: TypeRef): boolean =>
  ref.kind === 'LIST' || (ref.kind === 'NON_NULL' && isList(ref.ofType as TypeRef));
const required = (value: InputValue) => value.type.kind === 'NON_NULL' && value.defaultValue === null;

/** A global id of the type a field's name suggests, well-formed, of a row that exists nowhere. */
function idFor(field: string): string {
  const type =
    Object.entries({
      Unit: /unit/i,
      Line: /line/i,
      Subscriber: /subscriber/i,
      Incident: /incident/i,
      PlannedOutage: /outage/i,
      KnowledgeArticle: /article/i,
    }).find(([, pattern]) => pattern.test(field))?.[0] ?? 'Request';
  return b64(`${type}:${uuid}`);
}

/** A plausible value of a type (required input fields only): the base each bad value is put into. */
function plausible(ref: TypeRef, field: string): unknown {
  if (ref.kind === 'NON_NULL') return plausible(ref.ofType as TypeRef, field);
  if (ref.kind === 'LIST') return [plausible(ref.ofType as TypeRef, field)];
  const type = typeNamed(String(ref.name));
  if (type.kind === 'ENUM') return type.enumValues?.[0]?.name;
  if (type.kind === 'INPUT_OBJECT')
    return Object.fromEntries(
      (type.inputFields ?? []).filter(required).map((f) => [f.name, plausible(f.type, f.name)]),
    );
  switch (type.name) {
    case 'ID':
      return idFor(field);
    case 'Int':
      return 1;
    case 'Float':
      return 35.7;
    case 'Boolean':
      return false;
    case 'DateTime':
      return new Date(Date.now() + 3_600_000).toISOString();
    case 'JSON':
      return {};
    default:
      if (/mobile|number/i.test(field)) return '09121234567';
      if (/categoryCode/.test(field)) return 'water.low_pressure';
      return 'آزمون';
  }
}

/** Wrong text, each labelled. */
const badText: [string, unknown][] = [
  ['a NUL byte', 'a\u0000b'],
  ['a control character', 'bell\u0007'],
  ['a lone surrogate', 'lone \ud800 half'],
  ['oversize text', 'x'.repeat(textMaxLength + 1)],
  ['a number for text', 12345],
  ['an object for text', { a: 1 }],
];

/** Wrong values of a named type, each labelled. */
function badValues(ref: TypeRef): [string, unknown][] {
  const type = typeNamed(String(named(ref).name));
  if (type.kind === 'ENUM') {
    const first = type.enumValues?.[0]?.name ?? 'X';
    return [
      ['an unknown enum value', 'NOT_A_VALUE'],
      ['an enum value in lower case', first.toLowerCase()],
      ['a number for an enum', 5],
    ];
  }
  if (type.kind === 'INPUT_OBJECT') return [['text for an input object', 'text']];
  const byScalar: Record<string, [string, unknown][]> = {
    String: badText,
    ID: [
      ['a malformed id', 'abc'],
      ['an id whose payload is no UUID', b64('Request:not-a-uuid')],
      ['an id of no type', b64(`Nope:${uuid}`)],
      ['an empty id', ''],
      ['a number for an id', 42],
      ['an id of another type', b64(`AuditEvent:${uuid}`)],
    ],
    Int: [
      ['an Int overflow', 2 ** 31],
      ['an Int underflow', -(2 ** 31) - 1],
      ['a fraction for an Int', 1.5],
      ['text for an Int', 'seven'],
    ],
    Float: [
      ['text for a Float', 'north'],
      ['a boolean for a Float', true],
    ],
    Boolean: [
      ['text for a Boolean', 'yes'],
      ['a number for a Boolean', 1],
    ],
    DateTime: [
      ['the year 9999', '9999-01-01T00:00:00Z'],
      ['before 2000', '1999-12-31T23:59:59Z'],
      ['a day that does not exist', '2026-02-30T00:00:00Z'],
      ['a Jalali date', '1404/01/01'],
      ['a number for a DateTime', 5],
    ],
  };
  return byScalar[type.name] ?? [];
}

interface Case {
  label: string;
  variables: Record<string, unknown>;
}

/** Every case of one mutation: each argument and each input field (nested too), in turn. */
function casesOf(args: InputValue[]): Case[] {
  const base = Object.fromEntries(args.filter(required).map((a) => [a.name, plausible(a.type, a.name)]));
  const cases: Case[] = [];
  const put = (path: string[], value: unknown): Record<string, unknown> => {
    const copy = structuredClone(base) as Record<string, unknown>;
    let at: Record<string, unknown> = copy;
    for (const key of path.slice(0, -1)) {
      at[key] ??= {};
      at = at[key] as Record<string, unknown>;
    }
    at[path.at(-1) as string] = value;
    return copy;
  };
  const walk = (value: InputValue, path: string[], depth: number) => {
    const where = path.join('.');
    for (const [label, bad] of badValues(value.type))
      cases.push({ label: `${where}: ${label}`, variables: put(path, bad) });
    if (value.type.kind === 'NON_NULL') cases.push({ label: `${where}: null`, variables: put(path, null) });
    const type = typeNamed(String(named(value.type).name));
    if (type.kind === 'INPUT_OBJECT' && !isList(value.type) && depth < 3) {
      cases.push({ label: `${where}: an unknown field`, variables: put([...path, 'zzzUnknown'], 1) });
      for (const inner of type.inputFields ?? []) {
        if (required(inner)) {
          const { [inner.name]: _, ...rest } = plausible(value.type, value.name) as Record<string, unknown>;
          cases.push({ label: `${where}.${inner.name}: missing`, variables: put(path, rest) });
        }
        walk(inner, [...path, inner.name], depth + 1);
      }
    }
  };
  for (const arg of args) {
    walk(arg, [arg.name], 0);
    if (required(arg)) {
      const { [arg.name]: _, ...without } = base;
      cases.push({ label: `${arg.name}: missing`, variables: without });
    }
  }
  return cases;
}

/**
 * Row counts and a digest of every tenant table but the audit trail (which records each refusal), as the owner sees
 * them (all tenants).
 */
async function tenantTables(): Promise<Record<string, string>> {
  const tables = await rows<{ table_name: string }>(
    db.owner.root,
    sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'
        and table_name <> 'audit_event' order by table_name`,
  );
  const digest: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = await rows<{ n: number; digest: string | null }>(
      db.owner.root,
      // Every column but a staff profile's last sign of life (authentication touches it on each call).
      sql.raw(
        `select count(*)::int as n, md5(string_agg(r::text, '|' order by r::text)) as digest
         from (select to_jsonb(t) - 'last_seen_at' as r from "${table_name}" t) as listed`,
      ),
    );
    digest[table_name] = `${row?.n}:${row?.digest}`;
  }
  return digest;
}

type Answer = { status: number; body: unknown };

/** What is wrong with an answer to bad input; empty when it is a proper refusal. */
function faults(answer: Answer, mutation?: string): string[] {
  const found: string[] = [];
  if (answer.status >= 500) found.push(`HTTP ${answer.status}`);
  const body = answer.body as {
    data?: Record<string, { __typename?: string; code?: string; field?: string | null } | null> | null;
    errors?: { message: string; code?: string; extensions?: { code?: string; field?: string } }[];
  };
  for (const error of body?.errors ?? []) {
    const code = error.extensions?.code ?? error.code;
    if (!code) found.push(`an error without a code: ${error.message}`);
    if (code === 'INTERNAL') found.push(`INTERNAL: ${error.message}`);
    if (code === 'BAD_INPUT' && mutation && !error.extensions?.field)
      found.push(`BAD_INPUT naming no field: ${error.message}`);
  }
  if (mutation) {
    const result = body?.data?.[mutation];
    if (!body?.errors?.length && !result?.__typename?.endsWith('Error'))
      found.push(`accepted: ${JSON.stringify(result)}`);
    if (result?.__typename === 'InputError' && !result.field) found.push('an InputError naming no field');
  } else if (answer.status >= 200 && answer.status < 300) found.push(`accepted with ${answer.status}`);
  return found;
}

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  headers = { ...(await t.bearer('tehran.manager')), accept: 'application/graphql-response+json' };
  const log = createLogger('silent');
  citizen = createApp({ database: db.api, log, authenticate: async () => null, production: false });
  citizen.use(
    '/c',
    publicRoutes({
      database: db.api,
      log,
      tenants: tenantDirectory(t.registry),
      keyPrefix: `rl-fuzz-${randomBytes(4).toString('hex')}`,
      limits: {
        lookup: { address: generous, network: generous, company: generous },
        submit: { address: generous, network: generous, company: generous },
        wrongAnswers: { perCode: 100_000, perMobile: 100_000 },
      },
    }),
  );
  const response = await request(t.app).post('/graphql').set(headers).send({ query: introspection });
  schema = response.body.data.__schema;
  // The manager's staff profile is made on first use: before the snapshot.
  await request(t.app).post('/graphql').set(headers).send({ query: '{ viewer { subject } }' });
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('every mutation, from the schema', () => {
  it('refuses every wrong input with a code, never INTERNAL or a 5xx, and changes nothing', async () => {
    const before = await tenantTables();
    const failures: string[] = [];
    let sent = 0;
    for (const mutation of schema.mutationType.fields) {
      const declared = mutation.args.map((a) => `$${a.name}: ${typeText(a.type)}`).join(', ');
      const passed = mutation.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const query = `mutation${declared ? `(${declared})` : ''} { ${mutation.name}${passed ? `(${passed})` : ''} {
        __typename ... on Error { code field } } }`;
      for (const { label, variables } of casesOf(mutation.args)) {
        const response = await request(t.app).post('/graphql').set(headers).send({ query, variables });
        sent++;
        for (const fault of faults({ status: response.status, body: response.body }, mutation.name))
          failures.push(`${mutation.name} ${label}: ${fault}`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(300);
    expect(await tenantTables()).toEqual(before);
  });
});

describe('the citizen routes', () => {
  const routes: { path: string; base: Record<string, unknown> }[] = [
    {
      path: '/c/tehran/requests',
      base: { categoryCode: 'water.low_pressure', description: 'آب کم‌فشار است', callerMobile: '09121234567' },
    },
    { path: '/c/tehran/status', base: { trackingCode: '1000007', mobile: '09121234567' } },
    { path: '/c/tehran/status', base: { token: '0123456789abcdef0123456789abcdef' } },
    { path: '/c/tehran/not-fixed', base: { token: '0123456789abcdef0123456789abcdef', reason: 'هنوز آب نمی‌آید' } },
    { path: '/c/tehran/opt-out', base: { token: '4821-9f86d081' } },
    {
      path: '/c/tehran/complaints',
      base: { subject: 'bill', description: 'قبض زیاد است', complainantMobile: '09121234567' },
    },
  ];
  const extraFields = ['callerName', 'address', 'billId'];

  it('refuse every wrong field and body with a code, never a 5xx, and change nothing', async () => {
    const categories = await request(citizen).get('/c/tehran/categories');
    const category = categories.body.categories[0].code as string;
    const before = await tenantTables();
    const failures: string[] = [];
    for (const route of routes) {
      const base = route.path.endsWith('/requests') ? { ...route.base, categoryCode: category } : route.base;
      const fields = [...Object.keys(base), ...(route.path.endsWith('/requests') ? extraFields : [])];
      const bodies: [string, unknown][] = [
        ['an array body', [base]],
        ['a text body', 'text'],
        ['a number body', 5],
        ['a null body', null],
        ...fields.flatMap((field) =>
          [
            ...badText,
            ['an array for text', ['a']] as [string, unknown],
            ['true for text', true] as [string, unknown],
          ].map(([label, bad]): [string, unknown] => [`${field}: ${label}`, { ...base, [field]: bad }]),
        ),
      ];
      for (const [label, body] of bodies) {
        const response = await request(citizen)
          .post(route.path)
          .set('content-type', 'application/json')
          .send(JSON.stringify(body));
        for (const fault of faults({ status: response.status, body: response.body }))
          failures.push(`${route.path} ${label}: ${fault}`);
      }
      const broken = await request(citizen).post(route.path).set('content-type', 'application/json').send('{"a":');
      for (const fault of faults({ status: broken.status, body: broken.body }))
        failures.push(`${route.path} invalid JSON: ${fault}`);
    }
    expect(failures).toEqual([]);
    expect(await tenantTables()).toEqual(before);
  });
});
