import { notification, notificationKinds, notificationRead } from '@abfa/schema';
import { and, count, desc, inArray, isNotNull, notExists, type SQL, sql } from 'drizzle-orm';
import { reachOf } from '../../auth/permissions.js';
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { enumValues } from '../../graphql/enum-values.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { InputError } from '../../graphql/errors.js';

/**
 * The portal's notifications (section b): what the jobs tell people — a unit warned before a request's due time, a
 * late request's case opened, a case escalated to a rung. A unit's staff get what is addressed to their unit or one
 * below it (row-level security decides); company-wide staff what is addressed to one of their roles.
 */

/** The viewer's own: by unit for those who read cases within their unit, by role for the company-wide. */
function addressedTo(ctx: Context): SQL {
  const principal = ctx.principal;
  const reach = reachOf(principal, 'followups:read');
  if (reach?.kind === 'unit') return isNotNull(notification.unitId);
  const roles = principal?.kind === 'user' ? principal.roles : [];
  return roles.length ? inArray(notification.role, [...roles]) : sql`false`;
}

const unread = (subject: string) =>
  notExists(
    sql`(select 1 from ${notificationRead} r where r.notification_id = ${notification.notificationId}
         and r.subject = ${subject})`,
  );

const NotificationKind = builder.enumType('NotificationKind', {
  description:
    'WARNED: most of a request’s time is gone (its unit); OVERDUE: a late request’s follow-up case opened (its ' +
    'unit); ESCALATED: a case reached a rung of the escalation ladder (that rung’s people); COMPLAINT_OVERDUE: a ' +
    'complaint’s stage deadline passed (the follow-up officers and the centre manager).',
  values: enumValues(notificationKinds),
});

builder.drizzleObject('notification', {
  name: 'Notification',
  fields: (t) => ({
    id: t.exposeID('notificationId'),
    kind: t.expose('kind', { type: NotificationKind }),
    level: t.exposeInt('level', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    request: t.relation('request', { nullable: true, description: 'WARNED, OVERDUE, ESCALATED: the request.' }),
    complaint: t.relation('complaint', {
      nullable: true,
      description: 'COMPLAINT_OVERDUE: the complaint whose stage deadline passed.',
    }),
    followUpCase: t.relation('followUpCase', { nullable: true }),
    unit: t.relation('unit', { nullable: true, description: 'The unit told (null: a role was).' }),
    read: t.boolean({
      description: 'Whether the viewer has read it.',
      select: (_args, ctx) => ({
        with: { reads: { columns: { subject: true }, where: { subject: ctx.principal?.subject ?? '' } } },
      }),
      resolve: (n) => n.reads.length > 0,
    }),
  }),
});

builder.queryFields((t) => ({
  notifications: t.drizzleField({
    type: ['notification'],
    description: 'The viewer’s notifications, newest first (at most `first`, ≤ 100; `unreadOnly` leaves out the read).',
    authScopes: { permission: 'followups:read' },
    args: {
      first: t.arg.int({ required: false, defaultValue: 30 }),
      unreadOnly: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const first = args.first ?? 30;
      if (first < 1 || first > 100) throw new InputError('first', 'must be 1 to 100', 'باید ۱ تا ۱۰۰ باشد');
      const subject = ctx.principal?.subject ?? '';
      const ids = await ctx.scope.db
        .select({ id: notification.notificationId })
        .from(notification)
        .where(and(addressedTo(ctx), args.unreadOnly ? unread(subject) : undefined))
        .orderBy(desc(notification.createdAt), desc(notification.notificationId))
        .limit(first);
      if (!ids.length) return [];
      const rows = await ctx.scope.db.query.notification.findMany(
        query({
          where: { notificationId: { in: ids.map((r) => r.id) } },
          orderBy: { createdAt: 'desc', notificationId: 'desc' },
        }),
      );
      return rows;
    },
  }),
  unreadNotificationCount: t.int({
    description: 'How many of the viewer’s notifications they have not read (the portal’s bell).',
    authScopes: { permission: 'followups:read' },
    resolve: async (_root, _args, ctx) => {
      const [row] = await ctx.scope.db
        .select({ n: count() })
        .from(notification)
        .where(and(addressedTo(ctx), unread(ctx.principal?.subject ?? '')));
      return row?.n ?? 0;
    },
  }),
}));

builder.mutationFields((t) => ({
  markNotificationsRead: t.int({
    description: 'Marks the viewer’s notifications read: these ids, or all of them (no ids). Returns how many.',
    authScopes: { permission: 'followups:read' },
    errors: { types: mutationErrors },
    args: { ids: t.arg.idList({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const principal = ctx.principal;
      if (!principal?.tenantId) throw new Error('markNotificationsRead without a tenant principal');
      const ids = args.ids?.map(String) ?? null;
      if (ids?.some((id) => !/^[0-9a-f-]{36}$/i.test(id)))
        throw new InputError('ids', 'must be notification ids', 'باید شناسهٔ اعلان باشد');
      const mine = await ctx.scope.db
        .select({ id: notification.notificationId })
        .from(notification)
        .where(
          and(addressedTo(ctx), unread(principal.subject), ids ? inArray(notification.notificationId, ids) : undefined),
        );
      if (!mine.length) return 0;
      await ctx.scope.db
        .insert(notificationRead)
        .values(
          mine.map((n) => ({
            tenantId: principal.tenantId as string,
            notificationId: n.id,
            subject: principal.subject,
          })),
        )
        .onConflictDoNothing();
      return mine.length;
    },
  }),
}));
