import {
  type RequestAction,
  type RequestEventKind,
  type RequestStatus,
  type RequestTransitionInput,
  transition,
} from '@abfa/schema';

export interface TimelineEvent {
  kind: RequestEventKind;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus | null;
  at: number;
  actor: string;
  unitId: string | null;
  note: string | null;
  detail: Record<string, unknown>;
}

export interface TimelineOutcome {
  /** The events that had happened by `now`, in order. */
  events: TimelineEvent[];
  status: RequestStatus;
  assignedUnitId: string | null;
  dispatchedAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  updatedAt: number;
  duplicateOf: string | null;
  /** Returned to the centre by a unit and not dispatched again yet (the request's `returned_*` columns). */
  returned: { at: number; reason: string | null; unitId: string | null } | null;
}

/**
 * A request's history written through the same state machine the API uses (`transition`): a step the rules
 * refuse throws, so the demo can never hold a history the platform could not have produced. Steps are at least a
 * second apart, so ordering the history by time is unambiguous. `until(now)` keeps what had happened by then.
 */
export class Timeline {
  private readonly events: TimelineEvent[] = [];
  private status: RequestStatus = 'registered';
  private last: number;

  constructor(registeredAt: number, actor: string) {
    this.last = registeredAt;
    this.events.push({
      kind: 'registered',
      fromStatus: null,
      toStatus: 'registered',
      at: registeredAt,
      actor,
      unitId: null,
      note: null,
      detail: {},
    });
  }

  get current(): RequestStatus {
    return this.status;
  }

  get lastAt(): number {
    return this.last;
  }

  private stamp(at: number): number {
    this.last = Math.max(Math.round(at), this.last + 1000);
    return this.last;
  }

  act(
    action: RequestAction,
    at: number,
    actor: string,
    input: RequestTransitionInput & {
      unitId?: string | null;
      duplicateOfId?: string;
      detail?: Record<string, unknown>;
    } = {},
  ): this {
    const result = transition(this.status, action, {
      ...input,
      ...(input.duplicateOfId ? { duplicateOf: input.duplicateOfId } : {}),
    });
    if (!result.ok) throw new Error(`demo data: ${result.reason.en}`);
    this.events.push({
      kind: action === 'dispatch' ? 'dispatched' : 'status_changed',
      fromStatus: this.status,
      toStatus: result.to,
      at: this.stamp(at),
      actor,
      // As the API records them: a dispatch names the unit it goes to, a return the unit that sent it back.
      unitId: action === 'dispatch' || action === 'returnToCentre' ? (input.unitId ?? null) : null,
      note: input.note ?? input.reason ?? null,
      detail: {
        action,
        ...(input.duplicateOfId ? { duplicateOf: input.duplicateOfId } : {}),
        ...input.detail,
      },
    });
    this.status = result.to;
    return this;
  }

  /** As the API links a request to an incident: the incident's title as the note. */
  linkIncident(incidentId: string, title: string, at: number, actor: string): this {
    this.events.push({
      kind: 'linked_incident',
      fromStatus: null,
      toStatus: null,
      at: this.stamp(at),
      actor,
      unitId: null,
      note: title,
      detail: { incidentId },
    });
    return this;
  }

  until(now: number): TimelineOutcome {
    const events = this.events.filter((e) => e.at <= now);
    let status: RequestStatus = 'registered';
    let assignedUnitId: string | null = null;
    let dispatchedAt: number | null = null;
    let resolvedAt: number | null = null;
    let closedAt: number | null = null;
    let duplicateOf: string | null = null;
    let returned: TimelineOutcome['returned'] = null;
    for (const e of events) {
      if (e.toStatus) status = e.toStatus;
      if (e.kind === 'dispatched') {
        assignedUnitId = e.unitId;
        dispatchedAt = e.at;
        returned = null;
      }
      // A return to the centre: no unit holds it until the centre dispatches it again.
      if (e.kind === 'status_changed' && e.fromStatus !== null && e.toStatus === 'registered') {
        assignedUnitId = null;
        returned = { at: e.at, reason: e.note, unitId: e.unitId };
      }
      // The API's timestamps: set on resolve and close, cleared on reopen.
      if (e.toStatus === 'resolved') resolvedAt = e.at;
      if (e.toStatus === 'closed') closedAt = e.at;
      if (e.toStatus === 'reopened') {
        resolvedAt = null;
        closedAt = null;
      }
      if (e.toStatus === 'duplicate' && typeof e.detail.duplicateOf === 'string') duplicateOf = e.detail.duplicateOf;
    }
    const first = events[0];
    if (!first) throw new Error('demo data: a request registered after now');
    return {
      events,
      status,
      assignedUnitId,
      dispatchedAt,
      resolvedAt,
      closedAt,
      updatedAt: events[events.length - 1]?.at ?? first.at,
      duplicateOf,
      returned,
    };
  }
}
