import { type Permission, type PermissionRule, permissions } from '@abfa/schema';
import type { Principal } from './principal.js';

export { type Permission, permissionNames, permissions, serviceScopes } from '@abfa/schema';

/** Whether `principal` holds `permission`: by role for people, by explicit scope for service accounts. */
export function holds(principal: Principal | null, permission: Permission): boolean {
  if (!principal) return false;
  const rule: PermissionRule = permissions[permission];
  if (rule.tenantBound && !principal.tenantId) return false;
  if (principal.kind === 'service') return rule.service && principal.scopes.includes(permission);
  return principal.roles.some((role) => rule.roles.includes(role));
}
