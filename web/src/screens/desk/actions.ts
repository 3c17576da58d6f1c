import { UnitName } from '../../graphql/fragments.js';
import { ErrorFields, graphql } from '../../graphql/graphql.js';
import type { RequestStatus } from '../../ui/StatusBadge.js';
import type { Permission, Viewer } from '../../viewer.js';

/**
 * The request lifecycle as the portal offers it — the same table as schema/src/rules/request-status.ts
 * (`requestActions`) and the permission each action needs (server/src/modules/requests/transition.ts). The server
 * checks both again; this only decides which buttons a person sees.
 */
export type RequestActionName =
  | 'DISPATCH'
  | 'ACCEPT'
  | 'RESOLVE'
  | 'CLOSE'
  | 'REOPEN'
  | 'REJECT'
  | 'MARK_DUPLICATE'
  | 'RETURN_TO_CENTRE'
  | 'HAND_TO_TEAM';

export const requestActions: Record<
  RequestActionName,
  {
    from: RequestStatus[];
    permission: Permission;
    needs: 'unitId' | 'teamId' | 'note' | 'reason' | 'duplicateOf' | null;
  }
> = {
  DISPATCH: {
    from: ['REGISTERED', 'DISPATCHED', 'IN_PROGRESS', 'REOPENED'],
    permission: 'requests:dispatch',
    needs: 'unitId',
  },
  ACCEPT: { from: ['DISPATCHED'], permission: 'requests:work', needs: null },
  RESOLVE: { from: ['DISPATCHED', 'IN_PROGRESS'], permission: 'requests:work', needs: 'note' },
  CLOSE: { from: ['RESOLVED'], permission: 'requests:dispatch', needs: null },
  REOPEN: { from: ['RESOLVED', 'CLOSED'], permission: 'requests:dispatch', needs: 'reason' },
  REJECT: { from: ['REGISTERED', 'DISPATCHED'], permission: 'requests:dispatch', needs: 'reason' },
  MARK_DUPLICATE: { from: ['REGISTERED', 'DISPATCHED'], permission: 'requests:dispatch', needs: 'duplicateOf' },
  // A unit's, and the centre manager's, who holds requests:work company-wide (acting on what a unit reports).
  HAND_TO_TEAM: { from: ['DISPATCHED', 'IN_PROGRESS'], permission: 'requests:work', needs: 'teamId' },
  RETURN_TO_CENTRE: { from: ['DISPATCHED', 'IN_PROGRESS'], permission: 'requests:work', needs: 'reason' },
};

export const actionOrder: RequestActionName[] = [
  'ACCEPT',
  'RESOLVE',
  'HAND_TO_TEAM',
  'RETURN_TO_CENTRE',
  'DISPATCH',
  'CLOSE',
  'REOPEN',
  'REJECT',
  'MARK_DUPLICATE',
];

export const actionWords = {
  fa: {
    DISPATCH: 'ارجاع',
    ACCEPT: 'پذیرش و شروع کار',
    RESOLVE: 'رفع',
    CLOSE: 'بستن',
    REOPEN: 'بازگشایی',
    REJECT: 'رد',
    MARK_DUPLICATE: 'ثبت به‌عنوان تکراری',
    RETURN_TO_CENTRE: 'بازگرداندن به مرکز',
    HAND_TO_TEAM: 'سپردن به اکیپ',
  },
  en: {
    DISPATCH: 'Dispatch',
    ACCEPT: 'Accept and start',
    RESOLVE: 'Resolve',
    CLOSE: 'Close',
    REOPEN: 'Reopen',
    REJECT: 'Reject',
    MARK_DUPLICATE: 'Mark as duplicate',
    RETURN_TO_CENTRE: 'Return to the centre',
    HAND_TO_TEAM: 'Hand to a team',
  },
} satisfies Record<'fa' | 'en', Record<RequestActionName, string>>;

/**
 * Whether the viewer holds `permission` only within their own unit (operational units), as the API says per
 * permission: a second role lifts it only where that role holds the permission company-wide.
 */
export function withinOwnUnit(viewer: Viewer | null, permission: string): boolean {
  return Boolean(viewer?.unitPermissions.includes(permission));
}

/** Operational-unit staff read (and watch the queue of) their own unit's requests only. */
export function isUnitStaffOnly(viewer: Viewer | null): boolean {
  return withinOwnUnit(viewer, 'requests:read');
}

/** The unit a form for `permission` starts with: their own for those who hold it there only; others choose. */
export function ownUnitId(viewer: Viewer | null, permission: string): string {
  return withinOwnUnit(viewer, permission) ? (viewer?.unit?.id ?? '') : '';
}

/**
 * The actions this viewer may take on a request now: allowed from its status, a permission the viewer holds, and
 * where they hold it only within their unit, on their own unit's requests (the API allows the units under it too).
 */
export function allowedActions(
  viewer: Viewer | null,
  request: { status: RequestStatus; assignedUnit?: { id: string } | null },
): RequestActionName[] {
  if (!viewer) return [];
  return actionOrder.filter((name) => {
    const rule = requestActions[name];
    if (!rule.from.includes(request.status)) return false;
    if (!viewer.permissions.includes(rule.permission)) return false;
    if (withinOwnUnit(viewer, rule.permission))
      return Boolean(viewer.unit && request.assignedUnit?.id === viewer.unit.id);
    return true;
  });
}

export const TransitionRequestMutation = graphql(
  `
  mutation TransitionRequest($input: TransitionRequestInput!) {
    transitionRequest(input: $input) {
      __typename
      ... on TransitionRequestSuccess {
        data {
          id
          trackingCode
          status
          overdue
          dueAt
          dispatchedAt
          resolvedAt
          closedAt
          assignedUnit {
            ...UnitName
          }
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, UnitName],
);
