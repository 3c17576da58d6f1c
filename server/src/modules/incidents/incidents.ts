import {
  type CategoryFamily,
  category,
  incident,
  isOpen,
  openStatuses,
  request,
  requestEvent,
  transition,
} from '@abfa/schema';
import { and, eq, gte, inArray } from 'drizzle-orm';
import type { Principal } from '../../auth/principal.js';
import { assertReach, withinReach } from '../../auth/reach.js';
import type { Context } from '../../graphql/context.js';
import { ConflictError, InputError, NotFoundError } from '../../graphql/errors.js';
import { tellIncidentCallers } from '../messaging/outage-messages.js';
import { findUnit } from '../requests/register.js';
import { coordinates, findCategory, optionalText, requiredText } from './input.js';
import { type Proposal, proposalWindowMs, proposeIncidents } from './proposals.js';
import { loadUnitTree } from './units.js';

export type IncidentRow = typeof incident.$inferSelect;
export type RequestRow = typeof request.$inferSelect;
/** An incident with what proposals need of its category. */
export type ProposedRow = IncidentRow & {
  categoryFamily: CategoryFamily;
  categoryNameFa: string;
  categoryNameEn: string;
};

const limits = { title: 200, address: 500, note: 4000 } as const;
/** At most this many proposals: an agent reads them during a call. */
const maxProposals = 20;

function tenantPrincipal(ctx: Context): Principal & { tenantId: string } {
  const principal = ctx.principal;
  if (!principal?.tenantId) throw new Error('incident operation without a tenant principal');
  return { ...principal, tenantId: principal.tenantId };
}

export interface OpenIncidentInput {
  categoryCode: string;
  unitId: string;
  title: string;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

/** Opens an incident: one problem in the field (a burst main) that many calls and requests will link to. */
export async function openIncident(ctx: Context, input: OpenIncidentInput): Promise<IncidentRow> {
  const tx = ctx.scope.db;
  const principal = tenantPrincipal(ctx);
  const found = await findCategory(tx, input.categoryCode);
  const title = requiredText('title', input.title, limits.title);
  const address = optionalText('address', input.address, limits.address);
  const place = coordinates(input);
  await findUnit(tx, 'unitId', input.unitId);
  await assertReach(ctx, 'incidents:write', [input.unitId]);

  const [created] = await tx
    .insert(incident)
    .values({
      tenantId: principal.tenantId,
      categoryCode: found.code,
      unitId: input.unitId,
      title,
      address,
      latitude: place?.latitude ?? null,
      longitude: place?.longitude ?? null,
      openedBy: principal.subject,
      openedAt: new Date(),
    })
    .returning();
  if (!created) throw new Error('incident insert returned nothing');
  ctx.scope.auditTargets.push({ type: 'incident', id: created.incidentId });
  return created;
}

/**
 * Links a request to an open incident, so it is resolved with it. Linking again to the same incident changes
 * nothing; linking to another incident moves it (the history keeps both steps).
 */
export async function linkRequestToIncident(
  ctx: Context,
  input: { requestId: string; incidentId: string },
): Promise<{ request: RequestRow; incident: IncidentRow }> {
  const tx = ctx.scope.db;
  const principal = tenantPrincipal(ctx);
  // FOR SHARE: a resolve running alongside (FOR UPDATE) waits for this link, or this link sees it resolved.
  const [target] = await tx.select().from(incident).where(eq(incident.incidentId, input.incidentId)).for('share');
  if (!target) throw new NotFoundError('Incident', 'حادثه');
  const [current] = await tx.select().from(request).where(eq(request.requestId, input.requestId)).for('update');
  if (!current) throw new NotFoundError('Request', 'درخواست');
  // Both ends: the incident's unit and the request's must be within the caller's reach.
  await assertReach(ctx, 'incidents:write', [target.unitId, current.assignedUnitId]);
  if (target.status !== 'open')
    throw new ConflictError(
      'The incident is already resolved: requests can only be linked to an open incident',
      'این حادثه رفع شده است؛ درخواست را فقط می‌توان به حادثهٔ باز پیوند داد',
      'incidentId',
    );
  if (!isOpen(current.status))
    throw new ConflictError(
      'The request is no longer open: only an open request can be linked to an incident',
      'این درخواست دیگر باز نیست؛ فقط درخواست باز را می‌توان به حادثه پیوند داد',
      'requestId',
    );
  if (current.incidentId === target.incidentId) return { request: current, incident: target };

  const now = new Date();
  const [updated] = await tx
    .update(request)
    .set({ incidentId: target.incidentId, updatedAt: now })
    .where(eq(request.requestId, current.requestId))
    .returning();
  await tx.insert(requestEvent).values({
    tenantId: principal.tenantId,
    requestId: current.requestId,
    actorSubject: principal.subject,
    kind: 'linked_incident',
    note: target.title,
    detail: {
      incidentId: target.incidentId,
      ...(current.incidentId ? { previousIncidentId: current.incidentId } : {}),
    },
    occurredAt: now,
  });
  ctx.scope.auditTargets.push({ type: 'request', id: current.requestId }, { type: 'incident', id: target.incidentId });
  return { request: updated ?? current, incident: target };
}

/**
 * Resolves an incident and, in the same transaction, every linked request still open, through the request state
 * machine's `resolveByIncident` with the incident's note (one `status_changed` event each).
 */
export async function resolveIncident(
  ctx: Context,
  input: { incidentId: string; note: string },
): Promise<{ incident: IncidentRow; resolvedRequests: RequestRow[] }> {
  const tx = ctx.scope.db;
  const principal = tenantPrincipal(ctx);
  const [target] = await tx.select().from(incident).where(eq(incident.incidentId, input.incidentId)).for('update');
  if (!target) throw new NotFoundError('Incident', 'حادثه');
  await assertReach(ctx, 'incidents:write', [target.unitId]);
  if (target.status !== 'open')
    throw new ConflictError('The incident is already resolved', 'این حادثه قبلاً رفع شده است', 'incidentId');
  const note = requiredText('note', input.note, limits.note);

  const linked = await tx
    .select({ requestId: request.requestId, status: request.status, assignedUnitId: request.assignedUnitId })
    .from(request)
    .where(and(eq(request.incidentId, target.incidentId), inArray(request.status, [...openStatuses])))
    .for('update');
  // The same reach as a direct action on each request: a linked request of a unit outside the caller's reach stays
  // open, for its own unit (or the contact centre) to resolve. (Row-level security already hides those of other
  // units from operational-unit staff who read no further than they act.)
  const reachable: typeof linked = [];
  for (const r of linked) if (await withinReach(ctx, 'incidents:write', r.assignedUnitId)) reachable.push(r);
  const steps = reachable.map((r) => {
    const result = transition(r.status, 'resolveByIncident', { note });
    if (!result.ok) {
      const { code, en, fa } = result.reason;
      if (code === 'illegal_transition') throw new ConflictError(en, fa);
      throw new InputError('note', en, fa);
    }
    return { ...r, to: result.to };
  });

  const now = new Date();
  const [resolved] = await tx
    .update(incident)
    .set({ status: 'resolved', resolvedAt: now, resolutionNote: note })
    .where(eq(incident.incidentId, target.incidentId))
    .returning();
  if (!resolved) throw new Error('incident update returned nothing');
  ctx.scope.auditTargets.push({ type: 'incident', id: target.incidentId });

  let resolvedRequests: RequestRow[] = [];
  if (steps.length > 0) {
    resolvedRequests = await tx
      .update(request)
      .set({ status: 'resolved', resolvedAt: now, updatedAt: now })
      .where(
        inArray(
          request.requestId,
          steps.map((s) => s.requestId),
        ),
      )
      .returning();
    await tx.insert(requestEvent).values(
      steps.map((s) => ({
        tenantId: principal.tenantId,
        requestId: s.requestId,
        actorSubject: principal.subject,
        kind: 'status_changed' as const,
        fromStatus: s.status,
        toStatus: s.to,
        note,
        detail: { action: 'resolveByIncident', incidentId: target.incidentId },
        occurredAt: now,
      })),
    );
    for (const s of steps) ctx.scope.auditTargets.push({ type: 'request', id: s.requestId });
  }
  await tellIncidentCallers(ctx, resolved, resolvedRequests);
  return { incident: resolved, resolvedRequests };
}

export interface ProposedIncidentsArgs {
  categoryCode: string;
  unitId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

/** Open incidents a new call of this category and place probably belongs to, best first (see proposals.ts). */
export async function proposedIncidents(ctx: Context, args: ProposedIncidentsArgs): Promise<Proposal<ProposedRow>[]> {
  const tx = ctx.scope.db;
  const wanted = await findCategory(tx, args.categoryCode);
  const place = coordinates(args);
  if (!args.unitId && !place)
    throw new InputError(
      'unitId',
      'or latitude and longitude are needed to find incidents nearby',
      'برای یافتن حادثه‌های نزدیک، واحد یا عرض و طول جغرافیایی لازم است',
    );
  const now = new Date();
  // The open incidents of the tenant are few: narrow them in SQL, decide and rank in code.
  const rows = await tx
    .select({ incident, family: category.family, nameFa: category.nameFa, nameEn: category.nameEn })
    .from(incident)
    .innerJoin(category, eq(category.code, incident.categoryCode))
    .where(
      and(
        eq(incident.status, 'open'),
        eq(category.family, wanted.family),
        gte(incident.openedAt, new Date(now.getTime() - proposalWindowMs)),
      ),
    );
  const candidates = rows.map(
    (r): ProposedRow => ({
      ...r.incident,
      categoryFamily: r.family,
      categoryNameFa: r.nameFa,
      categoryNameEn: r.nameEn,
    }),
  );
  return proposeIncidents(
    candidates,
    {
      categoryCode: wanted.code,
      categoryFamily: wanted.family,
      unitId: args.unitId ?? null,
      latitude: place?.latitude ?? null,
      longitude: place?.longitude ?? null,
    },
    await loadUnitTree(tx),
    now,
  ).slice(0, maxProposals);
}
