import { Random } from './random.js';

/**
 * How well a company's centre and field units perform in the demo: the chances the plan draws a request's and a
 * call's fate with. Every knob is a plain probability or factor the plan reads where it used to read a fixed
 * number, so the national view (one row per company, from the real rollups) shows companies that differ — a few
 * clearly strong, a few clearly weak, most in between — for reasons a supervisor would recognise.
 */
export interface PerformanceProfile {
  /** Where the company sits overall, 0 (weakest) to 1 (strongest): the knobs below follow it (with some jitter). */
  quality: number;
  /**
   * Relative number of requests and customers (company size): the seeder multiplies the other companies' counts by
   * it (the demo tenants have their own, fixed counts).
   */
  volume: number;
  /** Chance a unit resolves a job after its due time (an SLA breach); the rest are resolved within the target. */
  lateShare: number;
  /** Median time an on-time job takes, as a share of the category's target (the spread around it is fixed). */
  onTimePace: number;
  /** Chance a unit returns a request to the centre as misrouted (not theirs) before the centre dispatches it again. */
  returnChance: number;
  /** Chance a closed job is reopened because the customer says the work was poor (done again afterwards). */
  reopenChance: number;
  /** Share of answered calls answered within the service-level threshold (20 s of queue wait). */
  answeredInThreshold: number;
  /** Share of the offered calls abandoned in the queue (hung up before an agent answered). */
  abandonShare: number;
  /** Calls answered on the spot (first-contact resolutions), per request: more of them, a higher FCR rate. */
  informationalPerRequest: number;
}

/**
 * The relative size of each company (by the population it serves, roughly): large provinces have more requests
 * than small ones. The two smallest get so few that their monthly figures fall under the national view's n ≥ 30
 * (insufficient data), as a real small company's would. Companies not listed are medium (1).
 */
const companyVolume: Readonly<Record<string, number>> = {
  'khorasan-razavi': 1.35,
  fars: 1.35,
  khuzestan: 1.35,
  'azarbayjan-sharqi': 1.3,
  mazandaran: 1.25,
  alborz: 1.25,
  'azarbayjan-gharbi': 1.2,
  kerman: 1.2,
  'sistan-baluchestan': 1.15,
  gilan: 1.15,
  bushehr: 0.9,
  'chaharmahal-bakhtiari': 0.9,
  'khorasan-shomali': 0.9,
  'khorasan-jonubi': 0.9,
  semnan: 0.85,
  ilam: 0.4,
  'kohgiluyeh-boyerahmad': 0.4,
};

/**
 * The demo companies (`demo: true`) keep the look they had before profiles existed: medium to good, near the fixed
 * chances the plan used to have (a sixth of jobs late, a call in eleven abandoned).
 */
const pinnedQuality: Readonly<Record<string, number>> = { tehran: 0.66, isfahan: 0.72, mashhad: 0.68 };

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
/** From the weakest value (quality 0) to the strongest (quality 1). */
const scale = (weakest: number, strongest: number, q: number) => weakest + (strongest - weakest) * q;

/** The knobs of a company of the given quality (0–1) for the field units and for the call centre. */
export function profileOf(field: number, centre: number, quality: number, volume: number): PerformanceProfile {
  return {
    quality,
    volume,
    lateShare: scale(0.36, 0.03, field),
    onTimePace: scale(0.6, 0.32, field),
    returnChance: scale(0.08, 0.01, field),
    reopenChance: scale(0.1, 0.015, field),
    answeredInThreshold: scale(0.55, 0.97, centre),
    abandonShare: scale(0.2, 0.03, centre),
    informationalPerRequest: scale(0.2, 0.8, centre),
  };
}

/**
 * A company's profile, deterministic from the seed and its code (its own generator, so it moves no row of the plan).
 * Quality is the mean of two uniform draws (a triangle: most companies medium, about one in eight clearly weak and
 * one in eight clearly strong); the field units and the call centre each stray from it a little, so a company can
 * answer its phones well and still resolve late.
 */
export function performanceProfile(seed: number, code: string): PerformanceProfile {
  const r = new Random(`abfa-demo-profile:${seed}:${code}`);
  const drawn = (r.next() + r.next()) / 2;
  const pinned = pinnedQuality[code];
  const quality = pinned ?? drawn;
  const jitter = pinned === undefined ? 0.15 : 0;
  const field = clamp01(quality + r.between(-jitter, jitter));
  const centre = clamp01(quality + r.between(-jitter, jitter));
  const volume = (companyVolume[code] ?? 1) * (pinned === undefined ? r.between(0.9, 1.1) : 1);
  return profileOf(field, centre, quality, volume);
}
