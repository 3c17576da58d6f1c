import type { TenantScope } from '@abfa/schema';
import type { Context } from '../graphql/context.js';
import { ForbiddenError } from '../graphql/errors.js';
import { unitTreeOf } from '../modules/tenancy/per-operation.js';
import { type Permission, reachOf } from './permissions.js';
import type { Principal } from './principal.js';

/**
 * The tenant transaction of a caller: their tenant, and the requests they may read (`requests:read`'s reach, which
 * the request table's `unit_reach` policy enforces on every path — lists, node, relations, the live queue).
 */
export function tenantScopeOf(principal: Principal & { tenantId: string }, requestId?: string): TenantScope {
  const reach = reachOf(principal, 'requests:read');
  return {
    tenantId: principal.tenantId,
    actor: principal.subject,
    ...(requestId ? { requestId } : {}),
    // No read permission at all: no request either (fields that need it are refused before they run anyway).
    ...(reach?.kind === 'company' ? {} : { requestReach: { unitId: reach?.unitId ?? null } }),
  };
}

/**
 * Refuses (FORBIDDEN) unless the caller holds `permission` over every unit given — its own unit or one below it, for
 * those who hold it within their unit only. A null unit (nothing assigned yet) is within company-wide reach only.
 * Every action on a request, an incident or an outage — direct, through an incident, in bulk — asks this.
 */
export async function assertReach(ctx: Context, permission: Permission, unitIds: readonly (string | null)[]) {
  const reach = reachOf(ctx.principal, permission);
  if (!reach) throw new ForbiddenError();
  if (reach.kind === 'company') return;
  const own = reach.unitId ? new Set((await unitTreeOf(ctx)).below(reach.unitId)) : new Set<string>();
  if (unitIds.some((id) => id === null || !own.has(id))) throw new ForbiddenError();
}

/** Whether the caller holds `permission` over `unitId` (for bulk actions that take what they may and leave the rest). */
export async function withinReach(ctx: Context, permission: Permission, unitId: string | null): Promise<boolean> {
  return assertReach(ctx, permission, [unitId]).then(
    () => true,
    (error: unknown) => {
      if (error instanceof ForbiddenError) return false;
      throw error;
    },
  );
}
