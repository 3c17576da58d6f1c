import { describe, expect, it } from 'vitest';
import { applyChange, classifyChange, type QueueEntry } from './live.js';

const entry = (id: string, dueAt: string, status = 'DISPATCHED', unit = 'u1', priority = 'NORMAL'): QueueEntry => ({
  id,
  priority,
  dueAt,
  registeredAt: '2026-11-01T00:00:00.000Z',
  status,
  assignedUnit: { id: unit },
});

const u1 = new Set(['u1']);
const queue = [entry('a', '2026-11-29T08:00:00.000Z'), entry('b', '2026-11-29T10:00:00.000Z')];

describe('the live queue', () => {
  it('adds a new request of the unit in due order', () => {
    const c = entry('c', '2026-11-29T09:00:00.000Z', 'REGISTERED');
    expect(classifyChange(queue, c, u1)).toBe('arrived');
    expect(applyChange(queue, c, u1, false).map((i) => i.id)).toEqual(['a', 'c', 'b']);
  });

  it('updates a changed one in place and re-sorts it', () => {
    const b = entry('b', '2026-11-29T07:00:00.000Z', 'IN_PROGRESS');
    expect(classifyChange(queue, b, u1)).toBe('changed');
    expect(applyChange(queue, b, u1, false)).toEqual([b, queue[0]]);
  });

  it('drops one that is resolved, closed or sent to another unit', () => {
    expect(classifyChange(queue, entry('a', queue[0]?.dueAt ?? '', 'RESOLVED'), u1)).toBe('left');
    expect(applyChange(queue, entry('a', '', 'RESOLVED'), u1, false).map((i) => i.id)).toEqual(['b']);
    expect(applyChange(queue, entry('b', '', 'DISPATCHED', 'u2'), u1, false).map((i) => i.id)).toEqual(['a']);
  });

  it('ignores other units’ requests and leaves later ones to "more"', () => {
    const other = entry('x', '2026-11-29T09:00:00.000Z', 'DISPATCHED', 'u2');
    expect(classifyChange(queue, other, u1)).toBeNull();
    expect(applyChange(queue, other, u1, false)).toEqual(queue);
    expect(applyChange(queue, entry('late', '2026-12-30T00:00:00.000Z'), u1, true)).toEqual(queue);
    expect(applyChange(queue, entry('late', '2026-12-30T00:00:00.000Z'), u1, false).map((i) => i.id)).toEqual([
      'a',
      'b',
      'late',
    ]);
  });

  it('puts a critical request before every other, however far its due time', () => {
    const critical = entry('c', '2026-12-30T00:00:00.000Z', 'REGISTERED', 'u1', 'CRITICAL');
    expect(applyChange(queue, critical, u1, false).map((i) => i.id)).toEqual(['c', 'a', 'b']);
    // Even while more pages remain: it comes before the last one loaded.
    expect(applyChange(queue, critical, u1, true).map((i) => i.id)).toEqual(['c', 'a', 'b']);
    const low = entry('l', '2026-11-28T00:00:00.000Z', 'REGISTERED', 'u1', 'LOW');
    expect(applyChange(queue, low, u1, false).map((i) => i.id)).toEqual(['a', 'b', 'l']);
  });

  it('watches the teams under the unit too when asked', () => {
    const withTeams = new Set(['u1', 'team-of-u1']);
    const teams = entry('t', '2026-11-29T09:00:00.000Z', 'DISPATCHED', 'team-of-u1');
    expect(classifyChange(queue, teams, u1)).toBeNull();
    expect(classifyChange(queue, teams, withTeams)).toBe('arrived');
    expect(applyChange(queue, teams, withTeams, false).map((i) => i.id)).toEqual(['a', 't', 'b']);
  });
});
