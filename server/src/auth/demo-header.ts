import type { Registry } from '@abfa/tenants';
import { type Authenticate, AuthenticationError, type Principal, type Role, roles } from './principal.js';

/**
 * Embedded-mode sign-in until the OIDC issuer lands (identity issue): `X-Demo-Tenant: <tenant code>` and an
 * optional `X-Demo-Role: <role>` (default centre_manager) act as a demo user of that tenant. It is never wired
 * in server mode or in production (see main.ts), and refuses unknown tenants and roles.
 */
export function demoHeaderAuthentication(registry: Registry): Authenticate {
  const tenants = new Map(registry.tenants.map((t) => [t.code, t]));
  return async (req) => {
    const code = req.get('x-demo-tenant');
    if (!code) return null;
    const t = tenants.get(code);
    if (t?.status !== 'active') throw new AuthenticationError(`unknown or suspended tenant "${code}"`);
    const role = (req.get('x-demo-role') ?? 'centre_manager') as Role;
    if (!roles.includes(role)) throw new AuthenticationError(`unknown role "${role}"`);
    const principal: Principal = {
      subject: `demo:${t.code}:${role}`,
      kind: 'user',
      tenantId: t.id,
      unitId: null,
      roles: [role],
    };
    return principal;
  };
}
