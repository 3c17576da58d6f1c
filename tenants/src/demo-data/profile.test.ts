import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../load.js';
import { type PerformanceProfile, performanceProfile, profileOf } from './profile.js';

const knobs = [
  'lateShare',
  'onTimePace',
  'returnChance',
  'reopenChance',
  'answeredInThreshold',
  'abandonShare',
  'informationalPerRequest',
] as const satisfies readonly (keyof PerformanceProfile)[];

describe('performanceProfile', () => {
  it('is decided by the seed and the company code alone', () => {
    expect(performanceProfile(122, 'fars')).toEqual(performanceProfile(122, 'fars'));
    expect(performanceProfile(122, 'fars')).not.toEqual(performanceProfile(123, 'fars'));
    expect(performanceProfile(122, 'fars')).not.toEqual(performanceProfile(122, 'gilan'));
  });

  it('keeps every knob between the weakest and the strongest company', () => {
    const weakest = profileOf(0, 0, 0, 1);
    const strongest = profileOf(1, 1, 1, 1);
    for (const code of ['fars', 'ilam', 'tehran', 'yazd', 'qom'])
      for (const seed of [1, 7, 122]) {
        const p = performanceProfile(seed, code);
        for (const k of knobs) {
          expect(p[k], `${code} ${k}`).toBeGreaterThanOrEqual(Math.min(weakest[k], strongest[k]));
          expect(p[k], `${code} ${k}`).toBeLessThanOrEqual(Math.max(weakest[k], strongest[k]));
        }
      }
    // A weak company breaches more, answers fewer calls in time, loses more and resolves fewer on the spot.
    expect(weakest.lateShare).toBeGreaterThan(strongest.lateShare);
    expect(weakest.answeredInThreshold).toBeLessThan(strongest.answeredInThreshold);
    expect(weakest.abandonShare).toBeGreaterThan(strongest.abandonShare);
    expect(weakest.informationalPerRequest).toBeLessThan(strongest.informationalPerRequest);
    expect(weakest.reopenChance).toBeGreaterThan(strongest.reopenChance);
    expect(weakest.returnChance).toBeGreaterThan(strongest.returnChance);
  });

  it('spreads the companies of the registry: a few weak, a few strong, the demo tenants medium to good', async () => {
    const registry = await loadRegistry();
    for (const seed of [7, 122]) {
      const profiles = registry.tenants.map((t) => ({ t, p: performanceProfile(seed, t.code) }));
      const quality = profiles.map(({ p }) => p.quality);
      expect(Math.min(...quality), `seed ${seed}`).toBeLessThan(0.3);
      expect(Math.max(...quality), `seed ${seed}`).toBeGreaterThan(0.7);
      const medium = quality.filter((q) => q >= 0.25 && q <= 0.75).length;
      expect(medium, `seed ${seed}`).toBeGreaterThan(registry.tenants.length / 2);
      for (const { t, p } of profiles) {
        if (!t.demo) continue;
        expect(p.quality, t.code).toBeGreaterThanOrEqual(0.6);
        expect(p.volume, t.code).toBe(1);
      }
      // Larger provinces have more requests than the smallest.
      const volume = (code: string) => profiles.find(({ t }) => t.code === code)?.p.volume ?? 0;
      expect(volume('khuzestan')).toBeGreaterThan(2 * volume('ilam'));
    }
  });
});
