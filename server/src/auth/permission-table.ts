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
          ? (p as PermissionRule).national
            ? 'national scope'
            : 'scope'
          : ''
        : (p.roles as readonly string[]).includes(role)
          ? '✓'
          : ((p as PermissionRule).unitRoles as readonly string[] | undefined)?.includes(role)
            ? 'unit'
            : '',
    );
    const bound = p.tenantBound
      ? ' (own company only)'
      : (p as PermissionRule).national
        ? ' (bound to no company: the national office, and its BI service account for a national scope)'
        : '';
    return `| \`${name}\` | ${cells.join(' | ')} | ${p.description}${bound} |`;
  });
  return [header, rule, ...rows].join('\n');
}
