import type { line } from '@abfa/schema';
import { builder } from '../../graphql/builder.js';
import { NoTenantError } from '../../graphql/errors.js';
import { linesOf } from '../tenancy/per-operation.js';
import { Line } from '../tenancy/types.js';
import { centreOverview, type Figures, zero } from './figures.js';

const figureFields = {
  open: 'Requests open now (registered, dispatched, in progress or reopened).',
  overdue: 'Open requests past their due time.',
  registeredToday: 'Requests registered today.',
  resolvedToday: 'Requests resolved today.',
  contactsAnsweredToday: 'Contacts (calls and messages) of today that were answered: every outcome but abandoned.',
} as const satisfies Record<keyof Figures, string>;

const OverviewFigures = builder.objectRef<Figures>('OverviewFigures').implement({
  description: 'The centre’s figures, for one line or for all of them.',
  fields: (t) => ({
    open: t.exposeInt('open', { description: figureFields.open }),
    overdue: t.exposeInt('overdue', { description: figureFields.overdue }),
    registeredToday: t.exposeInt('registeredToday', { description: figureFields.registeredToday }),
    resolvedToday: t.exposeInt('resolvedToday', { description: figureFields.resolvedToday }),
    contactsAnsweredToday: t.exposeInt('contactsAnsweredToday', { description: figureFields.contactsAnsweredToday }),
  }),
});

const LineOverview = builder
  .objectRef<{ line: typeof line.$inferSelect | null; figures: Figures }>('LineOverview')
  .implement({
    description: 'One line’s figures of the day.',
    fields: (t) => ({
      line: t.field({
        type: Line,
        nullable: true,
        description: 'The line; null for what came on no line (the web form, the mobile app).',
        resolve: (l) => l.line,
      }),
      figures: t.field({ type: OverviewFigures, resolve: (l) => l.figures }),
    }),
  });

const CentreOverview = builder
  .objectRef<Awaited<ReturnType<typeof centreOverview>> & { lines: Map<string, typeof line.$inferSelect> }>(
    'CentreOverview',
  )
  .implement({
    description:
      'Today at the centre, in the company’s time zone (Asia/Tehran): open and overdue requests now, requests ' +
      'registered and resolved today, contacts answered today — in all and by line.',
    fields: (t) => ({
      dayStart: t.field({ type: 'DateTime', description: 'Today’s midnight.', resolve: (o) => o.day.start }),
      dayEnd: t.field({
        type: 'DateTime',
        description: 'Tomorrow’s midnight (not included).',
        resolve: (o) => o.day.end,
      }),
      total: t.field({ type: OverviewFigures, resolve: (o) => o.total }),
      byLine: t.field({
        type: [LineOverview],
        description:
          'Every active line of the company (by code, zeros included), then what came on no line when there is any.',
        resolve: (o) => {
          const lines = [...o.lines.values()].filter((l) => l.active || o.byLine.has(l.lineId));
          lines.sort((a, b) => a.code.localeCompare(b.code));
          const rows = lines.map((l) => ({ line: l, figures: o.byLine.get(l.lineId) ?? zero() }));
          const none = o.byLine.get(null);
          return none ? [...rows, { line: null, figures: none }] : rows;
        },
      }),
    }),
  });

builder.queryFields((t) => ({
  centreOverview: t.field({
    type: CentreOverview,
    description: 'Today’s overview of the caller’s centre (the manager’s landing screen).',
    authScopes: { permission: 'overview:read' },
    resolve: async (_root, _args, ctx) => {
      const tenantId = ctx.scope.tenantId;
      if (!tenantId) throw new NoTenantError();
      const figures = await centreOverview(ctx, tenantId);
      return { ...figures, lines: await linesOf(ctx) };
    },
  }),
}));
