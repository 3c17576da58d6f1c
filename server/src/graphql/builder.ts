import { type Relations, relations } from '@abfa/schema';
import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { GraphQLResolveInfo } from 'graphql';
import type { Role } from '../auth/principal.js';
import { type Context, markOperationFailed } from './context.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

export interface Types {
  Context: Context;
  DrizzleRelations: Relations;
  AuthScopes: {
    /** Any authenticated caller. */
    authenticated: boolean;
    /** A caller acting inside a tenant (its data is reached through the tenant transaction). */
    tenant: boolean;
    /** A caller holding one of these roles. */
    role: Role | Role[];
  };
  /** Fields are non-null unless they say otherwise: the contract states what can be missing. */
  DefaultFieldNullability: false;
}

/** plugin-drizzle rejects a node load that finds no row ("Model unit(…) not found"); anything else still fails. */
function hiddenAsNull(error: unknown): null {
  if (error instanceof Error && /^Model \w+\(.*\) not found$/.test(error.message)) return null;
  throw error;
}

export const builder = new SchemaBuilder<Types>({
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Fields without a rule are refused: permissions are declared, never assumed.
    defaultStrategy: 'any',
    authScopes: (ctx) => ({
      authenticated: ctx.principal !== null,
      tenant: ctx.principal?.tenantId != null,
      role: (wanted) => {
        const held = ctx.principal?.roles ?? [];
        return (Array.isArray(wanted) ? wanted : [wanted]).some((r) => held.includes(r));
      },
    }),
    unauthorizedError: (_parent, ctx) => (ctx.principal ? new ForbiddenError() : new UnauthenticatedError()),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
    // An id that row-level security hides (another tenant's) and one that does not exist answer the same: null.
    nodeQueryOptions: {
      resolve: (_root, { id }, _ctx, _info, resolveNode) => Promise.resolve(resolveNode(id)).catch(hiddenAsNull),
    },
    // Each id on its own, so one hidden id answers null instead of failing the whole list (the resolveNodes
    // callback Pothos passes here ignores its argument and loads every id at once).
    nodesQueryOptions: {
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
