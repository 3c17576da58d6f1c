import { roles } from '@abfa/schema';
import { holds, permissionNames, reachOf } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import { builder } from '../../graphql/builder.js';
import { enumValues } from '../../graphql/enum-values.js';
import { Tenant, Unit } from '../tenancy/types.js';

export const RoleEnum = builder.enumType('Role', {
  description: 'Platform roles; the permissions each holds are listed in the README.',
  values: enumValues(roles),
});
const PrincipalKind = builder.enumType('PrincipalKind', {
  values: {
    USER: { value: 'user' as const },
    SERVICE: { value: 'service' as const, description: 'An integrator’s service account' },
  },
});

const Viewer = builder.objectRef<Principal>('Viewer').implement({
  description: 'The caller, as its token and staff profile establish it.',
  fields: (t) => ({
    subject: t.exposeString('subject', { description: 'The identity provider’s subject.' }),
    kind: t.expose('kind', { type: PrincipalKind }),
    displayName: t.exposeString('displayName', { nullable: true }),
    clientId: t.exposeString('clientId', { nullable: true, description: 'The OAuth client the token was issued to.' }),
    roles: t.expose('roles', { type: [RoleEnum] }),
    scopes: t.exposeStringList('scopes', { description: 'Service accounts: the permissions granted to the client.' }),
    permissions: t.stringList({
      description:
        'Every permission the caller holds (by role for people, by scope for services), e.g. `requests:register`: what the portal shows and enables.',
      resolve: (principal) => permissionNames.filter((permission) => holds(principal, permission)),
    }),
    unitPermissions: t.stringList({
      description:
        'Those of `permissions` the caller holds only within their own unit and the units under it (operational ' +
        'units: e.g. `requests:work`); the others reach the whole company.',
      resolve: (principal) => permissionNames.filter((permission) => reachOf(principal, permission)?.kind === 'unit'),
    }),
    tenant: t.drizzleField({
      type: Tenant,
      nullable: true,
      description: 'The company the caller acts in; null for national roles.',
      resolve: (query, principal, _args, ctx) =>
        principal.tenantId
          ? ctx.scope.db.query.tenant.findFirst(query({ where: { tenantId: principal.tenantId } }))
          : null,
    }),
    unit: t.drizzleField({
      type: Unit,
      nullable: true,
      description: 'The caller’s unit, from the token’s unit claim or the staff profile.',
      resolve: (query, principal, _args, ctx) =>
        principal.unitId ? ctx.scope.db.query.unit.findFirst(query({ where: { unitId: principal.unitId } })) : null,
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: Viewer,
    description: 'Who is calling. Without a valid token the API answers 401 before any field runs.',
    authScopes: { permission: 'viewer:read' },
    resolve: (_root, _args, ctx) => {
      if (!ctx.principal) throw new Error('viewer resolved without a principal');
      return ctx.principal;
    },
  }),
);
