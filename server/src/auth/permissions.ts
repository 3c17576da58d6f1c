import { type Permission, type PermissionRule, permissions } from '@abfa/schema';
import type { Principal } from './principal.js';

export { type Permission, permissionNames, permissions, serviceScopes } from '@abfa/schema';

/**
 * How far a permission reaches for one caller: the whole company, or one unit and the units below it (operational
 * units). `unitId` is null for unit staff whom no unit is known for: they reach nothing.
 */
export type Reach = { kind: 'company' } | { kind: 'unit'; unitId: string | null };

/**
 * Where `principal` holds `permission`, or null when it does not: by role for people (company-wide when any of their
 * roles holds it company-wide, else within their unit when a role holds it there), by explicit scope for service
 * accounts (always company-wide: an integration serves its company). The one rule every check derives from.
 */
export function reachOf(principal: Principal | null, permission: Permission): Reach | null {
  if (!principal) return null;
  const rule: PermissionRule = permissions[permission];
  if (rule.tenantBound && !principal.tenantId) return null;
  if (rule.national && principal.tenantId) return null;
  if (principal.kind === 'service')
    return rule.service && principal.scopes.includes(permission) ? { kind: 'company' } : null;
  if (principal.roles.some((role) => rule.roles.includes(role))) return { kind: 'company' };
  if (principal.roles.some((role) => rule.unitRoles?.includes(role))) return { kind: 'unit', unitId: principal.unitId };
  return null;
}

/** Whether `principal` holds `permission` anywhere (the field-level check; `reachOf` says where). */
export function holds(principal: Principal | null, permission: Permission): boolean {
  return reachOf(principal, permission) !== null;
}
