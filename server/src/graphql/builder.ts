import { type Relations, relations } from '@abfa/schema';
import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { GraphQLResolveInfo } from 'graphql';
import { holds, type Permission } from '../auth/permissions.js';
import { type Context, markOperationFailed } from './context.js';
import { parseInstant } from './date-time.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

export interface Types {
  Context: Context;
  DrizzleRelations: Relations;
  AuthScopes: {
    /** The one kind of rule: a permission of auth/permissions.ts (roles for people, scopes for services). */
    permission: Permission;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  /** Fields are non-null unless they say otherwise: the contract states what can be missing. */
  DefaultFieldNullability: false;
}

const capitalize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** plugin-drizzle rejects a node load that finds no row ("Model unit(…) not found"); anything else still fails. */
function hiddenAsNull(error: unknown): null {
  if (error instanceof Error && /^Model \w+\(.*\) not found$/.test(error.message)) return null;
  throw error;
}

export const builder = new SchemaBuilder<Types>({
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    defaultStrategy: 'any',
    // A subscription field's permission is checked when it is opened (without this, only as each event
    // resolves: the stream would open for anyone, and stay open).
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({ permission: (wanted) => holds(ctx.principal, wanted) }),
    unauthorizedError: (_parent, ctx) => (ctx.principal ? new ForbiddenError() : new UnauthenticatedError()),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
    // An id that row-level security hides (another tenant's) and one that does not exist answer the same: null.
    nodeQueryOptions: {
      authScopes: { permission: 'tenant:read' },
      resolve: (_root, { id }, _ctx, _info, resolveNode) => Promise.resolve(resolveNode(id)).catch(hiddenAsNull),
    },
    // Each id on its own, so one hidden id answers null instead of failing the whole list (the resolveNodes
    // callback Pothos passes here ignores its argument and loads every id at once).
    nodesQueryOptions: {
      authScopes: { permission: 'tenant:read' },
      resolve: (_root, { ids }, ctx, info) => eachNodeOrNull(ids, ctx, info),
    },
  },
  drizzle: {
    client: (ctx) => ctx.scope.db,
    getTableConfig,
    relations,
  },
  errors: {
    defaultTypes: [],
    // registerRequest answers RegisterRequestResult = RegisterRequestSuccess | InputError | …
    defaultResultOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Success` },
    defaultUnionOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Result` },
    // A handled error still fails the operation: its transaction is rolled back.
    onResolvedError: markOperationFailed,
  },
});

function eachNodeOrNull(
  ids: readonly { id: string; typename: string }[],
  ctx: Context,
  info: GraphQLResolveInfo,
): Promise<unknown>[] {
  return ids.map((id) =>
    resolveNodes(builder, ctx, info, [id])
      .then(([node]) => node)
      .catch(hiddenAsNull),
  );
}

builder.scalarType('DateTime', {
  description:
    'An instant, as an RFC 3339 / ISO 8601 date-time with its offset (answers are in UTC, such as ' +
    '2026-03-21T08:30:00.000Z); shown to people in Asia/Tehran, Jalali calendar.',
  serialize: (value) => value.toISOString(),
  parseValue: parseInstant,
});

builder.scalarType('JSON', {
  description: 'A JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
});
