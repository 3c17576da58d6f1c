import { type PermissionRule, roles } from '@abfa/schema';
import { type Permission, permissionNames, permissions } from './permissions.js';

/** The README's permission table, made from the declarations (a test keeps the README equal to it). */
export function permissionTable(): string {
  const header = `| permission | ${roles.join(' | ')} | meaning |`;
  const rule = `|---|${roles.map(() => ':-:').join('|')}|---|`;
  const rows = permissionNames.map((name: Permission) => {
    const p = permissions[name];
    const cells = roles.map((role) =>
      role === 'integrator'
        ? p.service
          ? 'scope'
          : ''
        : (p.roles as readonly string[]).includes(role)
          ? '✓'
          : ((p as PermissionRule).unitRoles as readonly string[] | undefined)?.includes(role)
            ? 'unit'
            : '',
    );
    return `| \`${name}\` | ${cells.join(' | ')} | ${p.description}${p.tenantBound ? ' (own company only)' : ''} |`;
  });
  return [header, rule, ...rows].join('\n');
}
