import { actorKinds, auditOutcomes } from '@abfa/schema';
import { builder } from '../../graphql/builder.js';
import { enumValues } from '../../graphql/enum-values.js';

const ActorKind = builder.enumType('ActorKind', { values: enumValues(actorKinds) });
const AuditOutcome = builder.enumType('AuditOutcome', {
  description: 'SUCCESS: done; REFUSED: refused as bad input or not allowed; FAILED: an unexpected error.',
  values: enumValues(auditOutcomes),
});

export const AuditEvent = builder.drizzleNode('auditEvent', {
  name: 'AuditEvent',
  description: 'One entry of the company’s append-only audit trail: who did what, when, to what, and how it ended.',
  id: { column: (a) => a.auditId },
  // Also guards lookups by id through `node`: the trail is for the centre manager only.
  authScopes: { permission: 'audit:read' },
  fields: (t) => ({
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    actorSubject: t.exposeString('actorSubject', { description: 'Subject of the user or service account.' }),
    actorKind: t.expose('actorKind', { type: ActorKind }),
    operation: t.exposeString('operation', { description: 'e.g. `mutation registerRequest`.' }),
    targetType: t.exposeString('targetType', { nullable: true }),
    targetId: t.exposeString('targetId', { nullable: true }),
    requestId: t.exposeString('requestId', { nullable: true, description: 'Ties the event to the request logs.' }),
    outcome: t.expose('outcome', { type: AuditOutcome }),
    detail: t.expose('detail', { type: 'JSON', description: 'Error codes, targets, client id: never personal data.' }),
  }),
});

builder.queryField('auditEvents', (t) =>
  t.drizzleConnection({
    type: 'auditEvent',
    description: 'The company’s audit trail, newest first.',
    authScopes: { permission: 'audit:read' },
    args: {
      operation: t.arg.string({ required: false }),
      outcome: t.arg({ type: AuditOutcome, required: false }),
      actorSubject: t.arg.string({ required: false }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.scope.db.query.auditEvent.findMany(
        query({
          where: {
            ...(args.operation ? { operation: args.operation } : {}),
            ...(args.outcome ? { outcome: args.outcome } : {}),
            ...(args.actorSubject ? { actorSubject: args.actorSubject } : {}),
          },
          orderBy: { occurredAt: 'desc', auditId: 'desc' },
        }),
      ),
  }),
);
