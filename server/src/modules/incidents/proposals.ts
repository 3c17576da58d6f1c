import type { CategoryFamily, UnitTree } from '@abfa/schema';
import type { UnitNode } from './units.js';

/**
 * Which open incidents an agent should link a new call to instead of registering the same problem twice (one
 * burst main, many calls). Pure: the caller reads the candidates (open incidents of the tenant, few), this file
 * decides which match and in what order, and says why in both languages.
 */

/** An incident is proposed only while it is this fresh: an older one is a different problem or long known. */
export const proposalWindowMs = 48 * 60 * 60 * 1000;
/** "The same place" when both sides have coordinates. */
export const nearbyMetres = 1000;

export interface Candidate {
  incidentId: string;
  categoryCode: string;
  categoryFamily: CategoryFamily;
  categoryNameFa: string;
  categoryNameEn: string;
  unitId: string;
  latitude: number | null;
  longitude: number | null;
  openedAt: Date;
}

export interface Place {
  categoryCode: string;
  categoryFamily: CategoryFamily;
  unitId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

export interface Proposal<T extends Candidate> {
  incident: T;
  sameCategory: boolean;
  /** The incident is on the very unit given. */
  sameUnit: boolean;
  /** Not the same unit, but in the area of the same district office (امور), e.g. a team of that district. */
  sameDistrict: boolean;
  /** Great-circle distance, when both the incident and the call have coordinates. */
  distanceMetres: number | null;
  reasonEn: string;
  reasonFa: string;
}

const earthRadiusMetres = 6_371_008.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Haversine distance in metres between two points given in degrees. */
export function distanceMetres(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusMetres * Math.asin(Math.min(1, Math.sqrt(h)));
}

const fa = (n: number) => n.toLocaleString('fa-IR');

function age(openedAt: Date, now: Date): { en: string; fa: string } {
  const minutes = Math.max(0, Math.floor((now.getTime() - openedAt.getTime()) / 60_000));
  if (minutes < 60) return { en: `opened ${minutes} min ago`, fa: `${fa(minutes)} دقیقه پیش باز شده` };
  const hours = Math.floor(minutes / 60);
  return { en: `opened ${hours} h ago`, fa: `${fa(hours)} ساعت پیش باز شده` };
}

/** Closer tiers first: by coordinates within the radius, then the very unit, then the same district's area. */
const tier = (p: Proposal<Candidate>) =>
  p.distanceMetres !== null && p.distanceMetres <= nearbyMetres ? 0 : p.sameUnit ? 1 : 2;

/**
 * The candidates that match the place — same category family, opened within the window, and on the same unit
 * (or in the same district office's area) or within `nearbyMetres` — ranked: the same category before a related
 * one, then the nearer (by coordinates, then by unit), then the most recently opened.
 */
export function proposeIncidents<T extends Candidate>(
  candidates: readonly T[],
  place: Place,
  units: UnitTree<UnitNode>,
  now: Date,
): Proposal<T>[] {
  const here =
    place.latitude != null && place.longitude != null ? { latitude: place.latitude, longitude: place.longitude } : null;
  const placeDistrict = place.unitId ? units.districtOf(place.unitId) : null;
  const proposals: Proposal<T>[] = [];
  for (const c of candidates) {
    if (c.categoryFamily !== place.categoryFamily) continue;
    if (now.getTime() - c.openedAt.getTime() > proposalWindowMs) continue;
    const distance =
      here && c.latitude !== null && c.longitude !== null
        ? distanceMetres(here, { latitude: c.latitude, longitude: c.longitude })
        : null;
    const nearby = distance !== null && distance <= nearbyMetres;
    const sameUnit = !!place.unitId && c.unitId === place.unitId;
    const sameDistrict = !sameUnit && !!placeDistrict && units.districtOf(c.unitId)?.unitId === placeDistrict.unitId;
    if (!nearby && !sameUnit && !sameDistrict) continue;

    const sameCategory = c.categoryCode === place.categoryCode;
    const en: string[] = [];
    const faParts: string[] = [];
    if (sameCategory) {
      en.push(`Same category (${c.categoryNameEn})`);
      faParts.push(`همان دسته (${c.categoryNameFa})`);
    } else {
      en.push(`Related category of the same family (${c.categoryNameEn})`);
      faParts.push(`دستهٔ مرتبط از همان گروه (${c.categoryNameFa})`);
    }
    if (nearby) {
      const rounded = Math.round(distance / 10) * 10;
      en.push(`${rounded} m away`);
      faParts.push(`در فاصلهٔ ${fa(rounded)} متری`);
    }
    const unit = units.byId.get(c.unitId);
    if (sameUnit) {
      en.push(`on the same unit (${unit?.nameEn ?? unit?.nameFa ?? c.unitId})`);
      faParts.push(`در همان واحد (${unit?.nameFa ?? c.unitId})`);
    } else if (sameDistrict && placeDistrict) {
      en.push(`in the same district office’s area (${placeDistrict.nameEn ?? placeDistrict.nameFa})`);
      faParts.push(`در حوزهٔ همان امور (${placeDistrict.nameFa})`);
    }
    const opened = age(c.openedAt, now);
    en.push(opened.en);
    faParts.push(opened.fa);

    proposals.push({
      incident: c,
      sameCategory,
      sameUnit,
      sameDistrict,
      distanceMetres: distance,
      reasonEn: en.join('; '),
      reasonFa: faParts.join('؛ '),
    });
  }
  return proposals.sort(
    (a, b) =>
      Number(b.sameCategory) - Number(a.sameCategory) ||
      tier(a) - tier(b) ||
      (a.distanceMetres ?? Number.POSITIVE_INFINITY) - (b.distanceMetres ?? Number.POSITIVE_INFINITY) ||
      b.incident.openedAt.getTime() - a.incident.openedAt.getTime() ||
      a.incident.incidentId.localeCompare(b.incident.incidentId),
  );
}
