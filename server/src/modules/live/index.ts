// The live queue: a subscription that pushes new and changed requests to the staff of the same tenant.
import { request, UnitTree, unit, withTenant } from '@abfa/schema';
import { eq, sql } from 'drizzle-orm';
import { filter, pipe } from 'graphql-yoga';
import { reachOf } from '../../auth/permissions.js';
import { tenantScopeOf } from '../../auth/reach.js';
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { NoTenantError, NotFoundError } from '../../graphql/errors.js';
import '../../live/context.js';
import type { RequestChanged } from '../../live/pubsub.js';
import '../requests/types.js';
import { Unit } from '../tenancy/types.js';

/**
 * The caller's tenant's request changes, kept to one unit's when asked (by default their own for operational-unit
 * staff, who are never delivered more than their unit and those under it reach). The tenant is the caller's, never an argument; each event is checked against the
 * database under the caller's row-level security, so a request the caller cannot see is never delivered.
 */
function requestChanges(
  ctx: Context,
  askedUnitId: string | null,
  withUnitsBelow: boolean,
): AsyncIterable<RequestChanged> {
  const principal = ctx.principal;
  const tenantId = principal?.tenantId;
  if (!principal || !tenantId) throw new NoTenantError();
  if (!ctx.live) throw new Error('the live queue is not served here (no pub/sub in the context)');
  const { pubsub, db } = ctx.live;
  // The caller's reach is the request table's unit_reach policy, as for every read: operational-unit staff are
  // delivered only the requests of their unit and the units under it, whatever unit they ask for. Asking for none,
  // they watch their own unit (their queue), company-wide readers the whole company.
  const reach = reachOf(principal, 'requests:read');
  const unitId = askedUnitId ?? (reach?.kind === 'unit' ? (reach.unitId ?? '') : null);
  const scope = tenantScopeOf({ ...principal, tenantId }, ctx.requestId);
  // The watched units: the one asked for, and the units under it when asked (read once, at the first event).
  let watched: Promise<ReadonlySet<string>> | undefined;
  const watchedUnits = (id: string) => {
    watched ??= withUnitsBelow
      ? withTenant(db, scope, async (tx) => new Set(new UnitTree(await tx.select().from(unit)).below(id)), {
          readOnly: true,
        })
      : Promise.resolve(new Set([id]));
    return watched;
  };
  return pipe(
    pubsub.requestChanges(tenantId),
    filter(async (event: RequestChanged) => {
      if (event.tenantId !== tenantId) return false;
      const [found] = await withTenant(
        db,
        scope,
        (tx) =>
          tx
            .select({
              assignedUnitId: request.assignedUnitId,
              // The unit it was dispatched to before (when watching a unit): a request sent on to another unit, or
              // returned by its unit to the centre, is still announced to the queue it leaves, so that queue lets it go.
              previousUnitId:
                unitId === null
                  ? sql<null>`null`
                  : // Spelled out: drizzle would write the outer columns unqualified, and they would bind to `e`.
                    sql<string | null>`coalesce(request.returned_by_unit_id, (select e.unit_id from request_event e
                      where e.tenant_id = request.tenant_id and e.request_id = request.request_id
                        and e.kind = 'dispatched' order by e.occurred_at desc offset 1 limit 1))`,
            })
            .from(request)
            .where(eq(request.requestId, event.requestId)),
        { readOnly: true },
      );
      if (!found) return false;
      if (unitId === null) return true;
      const units = await watchedUnits(unitId);
      return (
        (found.assignedUnitId !== null && units.has(found.assignedUnitId)) ||
        (found.previousUnitId !== null && units.has(found.previousUnitId))
      );
    }),
  );
}

builder.subscriptionType({});

builder.subscriptionField('requestChanged', (t) =>
  t.drizzleField({
    type: 'request',
    description:
      'The live queue (server-sent events): each request of your company as it is registered or changes — ' +
      'its registration, every step of its lifecycle, its linking to an incident. With unitId, only the requests ' +
      'assigned to that unit (withUnitsBelow: or a unit under it), and one dispatched away from them (its new unit ' +
      'tells the queue to let it go); operational-unit staff always get their own unit’s (and, when asked, the ' +
      'units’ under it) only.',
    authScopes: { permission: 'requests:read' },
    args: {
      unitId: t.arg.globalID({ required: false, for: [Unit] }),
      withUnitsBelow: t.arg.boolean({ required: false, defaultValue: false }),
    },
    subscribe: (_root, args, ctx) => requestChanges(ctx, args.unitId?.id ?? null, args.withUnitsBelow ?? false),
    // Runs in the event's own read-only tenant transaction (graphql/tenant-transaction.ts).
    resolve: async (query, root, _args, ctx) => {
      // The root of a subscription event is what its stream yielded.
      const event = root as RequestChanged;
      const found = await ctx.scope.db.query.request.findFirst(query({ where: { requestId: event.requestId } }));
      if (!found) throw new NotFoundError('Request', 'درخواست');
      return found;
    },
  }),
);
