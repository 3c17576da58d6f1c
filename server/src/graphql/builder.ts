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
import InputGuardPlugin, { connectionMaxSize } from './input-guard.js';

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

/**
 * The permission that reads each type reachable through `node(id:)` / `nodes(ids:)`. A type missing here is never
 * answered (a test checks that every Node type of the schema has its entry).
 */
export const nodeReadPermissions: Record<string, Permission> = {
  Tenant: 'tenant:read',
  Unit: 'tenant:read',
  Line: 'tenant:read',
  Request: 'requests:read',
  Subscriber: 'subscribers:read',
  Contact: 'contacts:read',
  Incident: 'incidents:read',
  PlannedOutage: 'incidents:read',
  KnowledgeArticle: 'knowledge:read',
  AuditEvent: 'audit:read',
  Message: 'messages:read',
  Campaign: 'messages:read',
  FollowUpCase: 'followups:read',
  Complaint: 'complaints:read',
  Survey: 'surveys:read',
  StatisticsReport: 'statistics:read',
};

/**
 * The typename of a global id that names nothing: not base64 of `<Node type>:<id>`, or an id of the wrong form for
 * its type (not a UUID). Such an id is like one that does not exist: `node` answers null, and an argument expecting
 * a type refuses it as BAD_INPUT naming the field (input-guard.ts) — never a query with it.
 */
export const noType = '';

const uuid = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** The form of each Node type's own id inside its global id (a UUID; an article's version after its UUID). */
const nodeIdForms: Record<string, RegExp> = {
  KnowledgeArticle: new RegExp(`^${uuid}(:[1-9]\\d{0,8})?$`),
};
const uuidForm = new RegExp(`^${uuid}$`);

/** Decodes a relay global id, giving a malformed one `noType` instead of failing (see noType). */
export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const invalid = { typename: noType, id: globalId };
  if (globalId.length > 200 || !/^[A-Za-z0-9+/]+={0,2}$/.test(globalId)) return invalid;
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const typename = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  if (colon < 1 || !Object.hasOwn(nodeReadPermissions, typename) || !(nodeIdForms[typename] ?? uuidForm).test(id))
    return invalid;
  return { typename, id };
}

function assertNodeReadable(ctx: Context, typename: string): void {
  const permission = nodeReadPermissions[typename];
  if (!permission || !holds(ctx.principal, permission)) throw new ForbiddenError();
}

/**
 * Field options for a value only some of a type's readers may see (personal data, a related record of another
 * permission): it answers null to the others instead of failing their whole operation (a mutation's result would
 * otherwise roll the mutation back).
 */
export const readableWith = (permission: Permission) => ({
  authScopes: { permission },
  unauthorizedResolver: () => null,
});

const capitalize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** A node `nodes` answers null for without an error (a malformed id). */
class HiddenNode extends Error {}

/** plugin-drizzle rejects a node load that finds no row ("Model unit(…) not found"); anything else still fails. */
function hiddenAsNull(error: unknown): null {
  if (error instanceof HiddenNode) return null;
  if (error instanceof Error && /^Model \w+\(.*\) not found$/.test(error.message)) return null;
  throw error;
}

export const builder = new SchemaBuilder<Types>({
  // The input guard wraps outside the permission check and inside the errors plugin (its refusals are typed errors).
  plugins: [ErrorsPlugin, InputGuardPlugin, ScopeAuthPlugin, RelayPlugin, DrizzlePlugin],
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
    decodeGlobalID: decodeGlobalId,
    // An id that row-level security hides (another tenant's) and one that does not exist answer the same: null.
    // Every type answers through node only to callers with its own read permission (nodeReadPermissions).
    nodeQueryOptions: {
      authScopes: { permission: 'tenant:read' },
      resolve: (_root, { id }, ctx, _info, resolveNode) => {
        if (id.typename === noType) return null;
        assertNodeReadable(ctx, id.typename);
        return Promise.resolve(resolveNode(id)).catch(hiddenAsNull);
      },
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
    maxConnectionSize: connectionMaxSize,
    defaultConnectionSize: 20,
  },
  errors: {
    defaultTypes: [],
    // registerRequest answers RegisterRequestResult = RegisterRequestSuccess | InputError | …
    defaultResultOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Success` },
    defaultUnionOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Result` },
    // A handled error still fails the operation: its transaction is rolled back.
    onResolvedError: markOperationFailed,
    // The input guard's refusals (input-guard.ts) run outside the resolver: typed errors of mutations too.
    unsafelyHandleInputErrors: true,
  },
});

function eachNodeOrNull(
  ids: readonly { id: string; typename: string }[],
  ctx: Context,
  info: GraphQLResolveInfo,
): Promise<unknown>[] {
  return ids.map((id) =>
    Promise.resolve()
      .then(() => {
        if (id.typename === noType) throw new HiddenNode();
        assertNodeReadable(ctx, id.typename);
      })
      .then(() => resolveNodes(builder, ctx, info, [id]))
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
