import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../viewer.js';
import { allowedActions } from './actions.js';

const viewer = (roles: string[], permissions: string[], unitId: string | null = null, unitPermissions: string[] = []) =>
  ({
    subject: 'x',
    displayName: null,
    kind: 'USER',
    roles,
    permissions,
    unitPermissions,
    tenant: null,
    unit: unitId ? { id: unitId, code: 'u', nameFa: 'واحد', nameEn: null } : null,
  }) as unknown as Viewer;

const agent = viewer(['AGENT'], ['requests:read', 'requests:register', 'requests:dispatch']);
const unitStaff = viewer(['UNIT_STAFF'], ['requests:read', 'requests:work'], 'u1', ['requests:read', 'requests:work']);
// A second role that reads company-wide does not lift the own-unit rule of the work it does not grant.
const unitStaffAndExecutive = viewer(['UNIT_STAFF', 'EXECUTIVE'], ['requests:read', 'requests:work'], 'u1', [
  'requests:work',
]);
const manager = viewer(['CENTRE_MANAGER'], ['requests:read', 'requests:dispatch', 'requests:work']);
const executive = viewer(['EXECUTIVE'], ['requests:read']);

describe('the lifecycle actions offered', () => {
  it('follows the state machine and the permissions', () => {
    expect(allowedActions(agent, { status: 'REGISTERED' })).toEqual(['DISPATCH', 'REJECT', 'MARK_DUPLICATE']);
    expect(allowedActions(agent, { status: 'RESOLVED' })).toEqual(['CLOSE', 'REOPEN']);
    // The centre manager holds requests:work company-wide: a unit's return and hand-over too (as the API allows).
    expect(allowedActions(manager, { status: 'DISPATCHED' })).toEqual([
      'ACCEPT',
      'RESOLVE',
      'HAND_TO_TEAM',
      'RETURN_TO_CENTRE',
      'DISPATCH',
      'REJECT',
      'MARK_DUPLICATE',
    ]);
    expect(allowedActions(executive, { status: 'DISPATCHED' })).toEqual([]);
    expect(allowedActions(manager, { status: 'REJECTED' })).toEqual([]);
    expect(allowedActions(null, { status: 'REGISTERED' })).toEqual([]);
  });

  it('lets operational-unit staff work on their own unit’s requests only', () => {
    expect(allowedActions(unitStaff, { status: 'DISPATCHED', assignedUnit: { id: 'u1' } })).toEqual([
      'ACCEPT',
      'RESOLVE',
      'HAND_TO_TEAM',
      'RETURN_TO_CENTRE',
    ]);
    expect(allowedActions(unitStaff, { status: 'IN_PROGRESS', assignedUnit: { id: 'u1' } })).toEqual([
      'RESOLVE',
      'HAND_TO_TEAM',
      'RETURN_TO_CENTRE',
    ]);
    expect(allowedActions(unitStaff, { status: 'DISPATCHED', assignedUnit: { id: 'u2' } })).toEqual([]);
    expect(allowedActions(unitStaffAndExecutive, { status: 'DISPATCHED', assignedUnit: { id: 'u2' } })).toEqual([]);
    expect(allowedActions(unitStaffAndExecutive, { status: 'DISPATCHED', assignedUnit: { id: 'u1' } })).toEqual([
      'ACCEPT',
      'RESOLVE',
      'HAND_TO_TEAM',
      'RETURN_TO_CENTRE',
    ]);
  });
});
