import { describe, expect, it } from 'vitest';
import { type RoutingUnit, routeRequest } from './routing.js';

const unit = (
  code: string,
  kind: string,
  parent: string | null,
  routes: string[] = [],
  active = true,
): RoutingUnit => ({
  unitId: code,
  parentUnitId: parent,
  code,
  kind,
  active,
  routes,
});

// A company: two districts with teams, and a billing department at headquarters.
const units = [
  unit('hq', 'company', null),
  unit('billing-dept', 'department', 'hq', ['billing']),
  unit('lab', 'department', 'hq', ['water.quality_complaint']),
  unit('district-a', 'district', 'hq'),
  unit('team-a-incidents', 'team', 'district-a', ['water.pipe_burst', 'wastewater']),
  unit('team-a-repairs', 'team', 'district-a', ['water_network']),
  unit('district-b', 'district', 'hq'),
  unit('team-b-sewer', 'team', 'district-b', ['wastewater']),
  unit('team-b-old', 'team', 'district-b', ['water.pipe_burst'], false),
  unit('street-b-12', 'team', 'team-b-sewer'),
];
const pipeBurst = { code: 'water.pipe_burst', family: 'water_network' };
const lowPressure = { code: 'water.low_pressure', family: 'water_network' };
const overflow = { code: 'wastewater.overflow', family: 'wastewater' };
const highBill = { code: 'billing.high_bill', family: 'billing' };
const quality = { code: 'water.quality_complaint', family: 'water_quality' };
const meter = { code: 'meter.broken', family: 'meter_account' };

describe('request routing', () => {
  it('sends a category to the team of the location’s district that takes its code', () => {
    expect(routeRequest(units, 'district-a', pipeBurst)).toBe('team-a-incidents');
  });

  it('then to the district’s team that takes its family', () => {
    expect(routeRequest(units, 'district-a', lowPressure)).toBe('team-a-repairs');
    expect(routeRequest(units, 'street-b-12', overflow)).toBe('team-b-sewer');
  });

  it('never to a team of another district, nor to an inactive unit', () => {
    // District B has no active unit for water_network: its office takes the burst.
    expect(routeRequest(units, 'district-b', pipeBurst)).toBe('district-b');
  });

  it('to a headquarters department that takes the category company-wide, with or without a location', () => {
    expect(routeRequest(units, 'district-a', highBill)).toBe('billing-dept');
    expect(routeRequest(units, null, highBill)).toBe('billing-dept');
    expect(routeRequest(units, 'district-b', quality)).toBe('lab');
  });

  it('a code beats a family, wherever the unit is', () => {
    // District A's incident crew takes the wastewater family; no one takes the overflow code: the crew does.
    expect(routeRequest(units, 'district-a', overflow)).toBe('team-a-incidents');
    const withCode = [...units, unit('sewer-hq', 'department', 'hq', ['wastewater.overflow'])];
    expect(routeRequest(withCode, 'district-a', overflow)).toBe('sewer-hq');
  });

  it('otherwise to the district office of the location, else the location itself, else nowhere', () => {
    expect(routeRequest(units, 'street-b-12', meter)).toBe('district-b');
    expect(routeRequest(units, 'billing-dept', meter)).toBe('billing-dept');
    expect(routeRequest(units, null, meter)).toBeNull();
  });
});
