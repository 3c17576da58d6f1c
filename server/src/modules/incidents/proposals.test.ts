import { UnitTree } from '@abfa/schema';
import { describe, expect, it } from 'vitest';
import { type Candidate, distanceMetres, proposeIncidents } from './proposals.js';
import type { UnitNode } from './units.js';

const units = new UnitTree<UnitNode>([
  { unitId: 'hq', parentUnitId: null, kind: 'company', nameFa: 'ستاد', nameEn: 'HQ' },
  { unitId: 'd1', parentUnitId: 'hq', kind: 'district', nameFa: 'امور یک', nameEn: 'District one' },
  { unitId: 't1', parentUnitId: 'd1', kind: 'team', nameFa: 'اکیپ یک', nameEn: 'Team one' },
  { unitId: 'd2', parentUnitId: 'hq', kind: 'district', nameFa: 'امور دو', nameEn: 'District two' },
]);
const now = new Date('2026-05-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const point = { latitude: 35.7, longitude: 51.4 };

const candidate = (id: string, change: Partial<Candidate> = {}): Candidate => ({
  incidentId: id,
  categoryCode: 'water.pipe_burst',
  categoryFamily: 'water_network',
  categoryNameFa: 'ترکیدگی لوله',
  categoryNameEn: 'Pipe burst',
  unitId: 'd1',
  latitude: null,
  longitude: null,
  openedAt: hoursAgo(1),
  ...change,
});
const place = { categoryCode: 'water.pipe_burst', categoryFamily: 'water_network' as const };
const ids = (proposals: { incident: Candidate }[]) => proposals.map((p) => p.incident.incidentId);

describe('distanceMetres', () => {
  it('is the great-circle distance (0.01° of latitude ≈ 1.1 km)', () => {
    expect(distanceMetres(point, point)).toBe(0);
    expect(distanceMetres(point, { ...point, latitude: point.latitude + 0.01 })).toBeCloseTo(1112, 0);
  });
});

describe('proposeIncidents', () => {
  it('keeps the same family on the same unit, district area or within 1 km, opened in the last 48 hours', () => {
    const proposals = proposeIncidents(
      [
        candidate('same-unit'),
        candidate('team-of-district', { unitId: 't1' }),
        candidate('other-district', { unitId: 'd2' }),
        candidate('other-district-near', {
          unitId: 'd2',
          latitude: point.latitude + 0.005,
          longitude: point.longitude,
        }),
        candidate('other-district-far', { unitId: 'd2', latitude: point.latitude + 0.05, longitude: point.longitude }),
        candidate('other-family', { categoryFamily: 'wastewater', categoryCode: 'sewer.overflow' }),
        candidate('too-old', { openedAt: hoursAgo(49) }),
      ],
      { ...place, unitId: 'd1', ...point },
      units,
      now,
    );
    expect(ids(proposals).sort()).toEqual(['other-district-near', 'same-unit', 'team-of-district']);
    const near = proposals.find((p) => p.incident.incidentId === 'other-district-near');
    expect(near?.reasonEn).toBe('Same category (Pipe burst); 560 m away; opened 1 h ago');
    expect(near?.reasonFa).toBe('همان دسته (ترکیدگی لوله)؛ در فاصلهٔ ۵۶۰ متری؛ ۱ ساعت پیش باز شده');
    expect(proposals.find((p) => p.incident.incidentId === 'team-of-district')).toMatchObject({
      sameUnit: false,
      sameDistrict: true,
      reasonFa: expect.stringContaining('در حوزهٔ همان امور (امور یک)'),
    });
  });

  it('ranks the same category first, then nearby, same unit, same district, then the most recent', () => {
    const proposals = proposeIncidents(
      [
        candidate('related-near', { categoryCode: 'water.low_pressure', ...point }),
        candidate('district-recent', { unitId: 't1', openedAt: hoursAgo(0.5) }),
        candidate('unit-old', { openedAt: hoursAgo(10) }),
        candidate('unit-recent', { openedAt: hoursAgo(2) }),
        candidate('near-far-unit', { unitId: 'd2', latitude: point.latitude + 0.002, longitude: point.longitude }),
        candidate('nearest', { unitId: 'd2', ...point, openedAt: hoursAgo(20) }),
      ],
      { ...place, unitId: 'd1', ...point },
      units,
      now,
    );
    expect(ids(proposals)).toEqual([
      'nearest',
      'near-far-unit',
      'unit-recent',
      'unit-old',
      'district-recent',
      'related-near',
    ]);
    expect(proposals.at(-1)?.reasonEn).toMatch(/^Related category of the same family/);
  });

  it('matches by coordinates alone when no unit is given', () => {
    const proposals = proposeIncidents(
      [candidate('with-point', point), candidate('without-point')],
      { ...place, ...point },
      units,
      now,
    );
    expect(ids(proposals)).toEqual(['with-point']);
  });
});
