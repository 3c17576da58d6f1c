import { complaintStages, rowsOf } from '@abfa/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import { builder } from '../../graphql/builder.js';
import { ComplaintStage } from '../complaints/graphql.js';
import { followUpSettingsOf } from './cases.js';

/**
 * The managers' escalation overview (section b, 5): where the open follow-up cases stand on the ladder and with which
 * units, and the complaints not closed by stage with those past their deadline. Counts only; the worklist and the
 * complaints list hold the cases themselves. Row-level security narrows a unit's staff to their own part.
 */

type LevelRow = { level: number; target: string; open: number; pastDue: number };
type UnitRow = {
  unitId: string | null;
  unitCode: string | null;
  unitName: string | null;
  open: number;
  waitingUnit: number;
  answered: number;
  pastDue: number;
  highestLevel: number;
};
type StageRow = { stage: (typeof complaintStages)[number]; open: number; overdue: number; atLastLevel: number };

const EscalationLevelCount = builder.objectRef<LevelRow>('EscalationLevelCount').implement({
  description: 'Open follow-up cases on one rung of the ladder.',
  fields: (t) => ({
    level: t.exposeInt('level'),
    target: t.exposeString('target', { description: 'The rung’s EscalationTarget, lower case.' }),
    open: t.exposeInt('open'),
    pastDue: t.exposeInt('pastDue', { description: 'Of them, past the agreed time (else the request’s due time).' }),
  }),
});

const UnitFollowUpCount = builder.objectRef<UnitRow>('UnitFollowUpCount').implement({
  description: 'Open follow-up cases of the requests one unit holds (unitId null: held by no unit).',
  fields: (t) => ({
    unitId: t.exposeID('unitId', { nullable: true, description: 'The unit’s global id.' }),
    unitCode: t.exposeString('unitCode', { nullable: true }),
    unitName: t.exposeString('unitName', { nullable: true }),
    open: t.exposeInt('open'),
    waitingUnit: t.exposeInt('waitingUnit'),
    answered: t.exposeInt('answered'),
    pastDue: t.exposeInt('pastDue'),
    highestLevel: t.exposeInt('highestLevel'),
  }),
});

const ComplaintStageCount = builder.objectRef<StageRow>('ComplaintStageCount').implement({
  fields: (t) => ({
    stage: t.expose('stage', { type: ComplaintStage }),
    open: t.exposeInt('open'),
    overdue: t.exposeInt('overdue', { description: 'Past the stage’s deadline.' }),
    atLastLevel: t.exposeInt('atLastLevel', {
      description: 'Appealed to the last rung of the ladder (the national office sees these).',
    }),
  }),
});

builder.queryFields((t) => ({
  escalationOverview: t.field({
    type: [EscalationLevelCount],
    description: 'Open follow-up cases by rung of the company’s escalation ladder, every rung listed.',
    authScopes: { permission: 'followups:read' },
    resolve: async (_root, _args, ctx) => {
      const db = ctx.scope.db;
      const { ladder } = await followUpSettingsOf(db);
      const rows = rowsOf<{ level: number; open: number; past_due: number }>(
        await db.execute(sql`
          select c.escalation_level as level, count(*)::int as open,
                 count(*) filter (where coalesce(c.agreed_due_at, r.due_at) < now())::int as past_due
          from followup_case c
          join request r on r.tenant_id = c.tenant_id and r.request_id = c.request_id
          where c.state <> 'closed' group by c.escalation_level`),
      );
      const at = new Map(rows.map((r) => [Number(r.level), r]));
      // A case on a rung the company has since removed is counted on its last rung.
      const beyond = rows.filter((r) => Number(r.level) > ladder.length);
      return ladder.map((rung, i) => {
        const level = i + 1;
        const own = [at.get(level), ...(level === ladder.length ? beyond : [])].filter((r) => r !== undefined);
        return {
          level,
          target: rung.target,
          open: own.reduce((n, r) => n + r.open, 0),
          pastDue: own.reduce((n, r) => n + r.past_due, 0),
        };
      });
    },
  }),
  followUpByUnit: t.field({
    type: [UnitFollowUpCount],
    description: 'Open follow-up cases by the unit holding their request, the most past due first.',
    authScopes: { permission: 'followups:read' },
    resolve: async (_root, _args, ctx) =>
      rowsOf<{
        unit_id: string | null;
        code: string | null;
        name_fa: string | null;
        open: number;
        waiting_unit: number;
        answered: number;
        past_due: number;
        highest_level: number;
      }>(
        await ctx.scope.db.execute(sql`
          select r.assigned_unit_id as unit_id, u.code, u.name_fa, count(*)::int as open,
                 count(*) filter (where c.state = 'waiting_unit')::int as waiting_unit,
                 count(*) filter (where c.state = 'answered')::int as answered,
                 count(*) filter (where coalesce(c.agreed_due_at, r.due_at) < now())::int as past_due,
                 max(c.escalation_level)::int as highest_level
          from followup_case c
          join request r on r.tenant_id = c.tenant_id and r.request_id = c.request_id
          left join unit u on u.tenant_id = r.tenant_id and u.unit_id = r.assigned_unit_id
          where c.state <> 'closed'
          group by r.assigned_unit_id, u.code, u.name_fa
          order by past_due desc, open desc, u.code nulls last`),
      ).map((r) => ({
        unitId: r.unit_id ? encodeGlobalID('Unit', r.unit_id) : null,
        unitCode: r.code,
        unitName: r.name_fa,
        open: r.open,
        waitingUnit: r.waiting_unit,
        answered: r.answered,
        pastDue: r.past_due,
        highestLevel: r.highest_level,
      })),
  }),
  complaintOverview: t.field({
    type: [ComplaintStageCount],
    description: 'Complaints not closed, by stage (every open stage listed), with those overdue and at the last rung.',
    authScopes: { permission: 'complaints:read' },
    resolve: async (_root, _args, ctx) => {
      const { ladder } = await followUpSettingsOf(ctx.scope.db);
      const rows = rowsOf<{ stage: string; open: number; overdue: number; at_last: number }>(
        await ctx.scope.db.execute(sql`
          select stage, count(*)::int as open,
                 count(*) filter (where stage_due_at < now())::int as overdue,
                 count(*) filter (where appeal_level >= ${ladder.length - 1})::int as at_last
          from complaint where stage <> 'closed' group by stage`),
      );
      const at = new Map(rows.map((r) => [r.stage, r]));
      return complaintStages
        .filter((s) => s !== 'closed')
        .map((stage) => ({
          stage,
          open: at.get(stage)?.open ?? 0,
          overdue: at.get(stage)?.overdue ?? 0,
          atLastLevel: at.get(stage)?.at_last ?? 0,
        }));
    },
  }),
}));
