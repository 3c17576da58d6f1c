import { type RollupMeasures, sumMeasures, zeroMeasures } from '@abfa/schema';
import { describe, expect, it } from 'vitest';
import { heldBack, suppressed, suppressedCountFields } from './drill-down.js';

const row = (m: Partial<RollupMeasures>): RollupMeasures => ({ ...zeroMeasures(), ...m });
type Field = (typeof suppressedCountFields)[number];

/** A small deterministic generator (the same tables every run). */
function random(seed: number) {
  let s = seed;
  return (below: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % below;
  };
}

/** A table as a drill-down would show it: counts of 0, 1–4 and larger mixed, with the row sums kept. */
function table(next: (below: number) => number): RollupMeasures[] {
  const count = () => [0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 40, 120][next(12)] ?? 0;
  return Array.from({ length: 1 + next(6) }, () => {
    const [answered, abandoned, slaMet, slaBreached] = [count(), count(), count(), count()];
    return row({
      contactsOffered: answered + abandoned,
      contactsAnswered: answered,
      contactsAbandoned: abandoned,
      requestsRegistered: count(),
      requestsResolved: slaMet + slaBreached,
      slaMet,
      slaBreached,
      requestsReopened: count(),
      incidentsOpened: count(),
    });
  });
}

describe('holding back counts below company level', () => {
  it('withholds the smallest other count when a «<5» would be the total minus what is shown', () => {
    const rows = [row({ requestsRegistered: 3 }), row({ requestsRegistered: 12 }), row({ requestsRegistered: 40 })];
    const held = heldBack(rows, 5);
    expect(held.map((h) => h.get('requestsRegistered'))).toEqual(['below', 'withheld', undefined]);
  });

  it('never withholds a zero, and leaves a column alone when nothing is small', () => {
    const rows = [row({ requestsRegistered: 0 }), row({ requestsRegistered: 12 }), row({ requestsRegistered: 40 })];
    expect(heldBack(rows, 5).every((h) => h.size === 0)).toBe(true);
  });

  it('withholds a third count when two would pin the «<5» at 1 (6 = «<5» + a count of at least 5)', () => {
    const rows = [row({ slaBreached: 1 }), row({ slaBreached: 5 }), row({ slaBreached: 30 })];
    expect(heldBack(rows, 5).map((h) => h.get('slaBreached'))).toEqual(['below', 'withheld', 'withheld']);
  });

  it('keeps a row’s parts from giving its whole away: offered = answered + abandoned', () => {
    const [only] = heldBack([row({ contactsOffered: 43, contactsAnswered: 40, contactsAbandoned: 3 })], 5);
    expect(only?.get('contactsAbandoned')).toBe('below');
    expect(only?.get('contactsAnswered')).toBe('withheld');
    expect(only?.has('contactsOffered')).toBe(false);
  });

  it('treats a total held back at the level above as unknown: the rows below never add up to it', () => {
    const rows = [row({ slaBreached: 6 }), row({ slaBreached: 0 })];
    expect(heldBack(rows, 5)[0]?.size).toBe(0);
    expect(heldBack(rows, 5, new Map([['slaBreached', 'withheld']]))[0]?.get('slaBreached')).toBe('withheld');
  });

  it('withholds a rate whose successes or failures are under 5, or that is computed from a held-back count', () => {
    expect(suppressed(row({ slaMet: 196, slaBreached: 4, requestsResolved: 200 }), 5).slaCompliance).toBeNull();
    expect(suppressed(row({ slaMet: 150, slaBreached: 50, requestsResolved: 200 }), 5).slaCompliance).toBe(0.75);
    expect(suppressed(row({ slaMet: 200, slaBreached: 0, requestsResolved: 200 }), 5).slaCompliance).toBe(1);
    const contacts = row({ contactsOffered: 43, contactsAnswered: 40, contactsAbandoned: 3 });
    expect(suppressed(contacts, 5).abandonmentRate).toBeNull();
  });

  it('on 2,000 generated tables: no sum shown gives a «<5» away, and every count shown is the true one', () => {
    const next = random(12);
    for (let i = 0; i < 2000; i++) {
      const rows = table(next);
      const held = heldBack(rows, 5);
      const total = sumMeasures(rows);
      const hidden = (r: number, f: Field) => held[r]?.has(f) ?? false;
      for (const [r, m] of rows.entries()) {
        const figures = suppressed(m, 5, held[r]);
        for (const f of suppressedCountFields) {
          // Every count from 1 to 4 is «<5»; every count shown is the true one.
          if (m[f] > 0 && m[f] < 5) expect(figures[f]).toEqual({ value: null, belowMinimum: true, withheld: false });
          if (!hidden(r, f)) expect(figures[f].value).toBe(m[f]);
        }
        // Within a row: a whole and its parts never have exactly one of them held back.
        for (const group of [
          ['contactsOffered', 'contactsAnswered', 'contactsAbandoned'],
          ['requestsResolved', 'slaMet', 'slaBreached'],
        ] as Field[][]) {
          const heldHere = group.filter((f) => hidden(r, f));
          const shownPositive = group.filter((f) => !hidden(r, f) && m[f] > 0);
          if (heldHere.length === 1) expect(shownPositive).toEqual([]);
        }
      }
      // Down a column: a single held-back count only when the rest are zeros (then the company's own figure is it).
      for (const f of suppressedCountFields) {
        const heldRows = rows.filter((_, r) => hidden(r, f));
        if (heldRows.length === 1) expect(rows.filter((m, r) => !hidden(r, f) && m[f] > 0)).toEqual([]);
        // And a «<5» is never pinned at exactly 1 by what the others must at least be.
        if (heldRows.length >= 2) {
          const rest = total[f] - rows.filter((_, r) => !hidden(r, f)).reduce((n, m) => n + m[f], 0);
          const least = rows.reduce((n, _, r) => n + (held[r]?.get(f) === 'below' ? 1 : hidden(r, f) ? 5 : 0), 0);
          if (rows.some((_, r) => held[r]?.get(f) === 'below')) expect(rest - (least - 1)).toBeGreaterThan(1);
        }
      }
    }
  });
});
