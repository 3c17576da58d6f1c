/**
 * How one requestChanged event changes a unit's queue (pure, so it is tested on its own): a request assigned to
 * one of the watched units (the unit, and the teams under it when asked) and still open is added or updated, kept
 * in the order work is done (priority, then due time — the API's order); any other request leaves the queue. A
 * request that comes after the last one loaded, while more pages remain, is left for "more" to bring.
 */

export interface QueueEntry {
  id: string;
  priority: string;
  dueAt: string;
  registeredAt: string;
  status: string;
  assignedUnit?: { id: string } | null;
}

const openStatuses = ['REGISTERED', 'DISPATCHED', 'IN_PROGRESS', 'REOPENED'];

const priorityRank: Record<string, number> = { CRITICAL: 0, HIGH: 1, NORMAL: 2, LOW: 3 };

/** Critical first, then the earliest due (the order of unitQueue). */
export const byWorkOrder = (a: QueueEntry, b: QueueEntry) =>
  (priorityRank[a.priority] ?? 4) - (priorityRank[b.priority] ?? 4) ||
  a.dueAt.localeCompare(b.dueAt) ||
  a.registeredAt.localeCompare(b.registeredAt);

export type QueueChange = 'arrived' | 'changed' | 'left' | null;

/** What the event means for this queue: arrived, changed, left — or nothing (another unit's request). */
const belongs = (item: QueueEntry, unitIds: ReadonlySet<string>) =>
  item.assignedUnit != null && unitIds.has(item.assignedUnit.id) && openStatuses.includes(item.status);

export function classifyChange(
  items: readonly QueueEntry[],
  item: QueueEntry,
  unitIds: ReadonlySet<string>,
): QueueChange {
  const known = items.some((i) => i.id === item.id);
  if (belongs(item, unitIds)) return known ? 'changed' : 'arrived';
  return known ? 'left' : null;
}

export function applyChange<T extends QueueEntry>(
  items: readonly T[],
  item: T,
  unitIds: ReadonlySet<string>,
  hasMore: boolean,
): T[] {
  const others = items.filter((i) => i.id !== item.id);
  if (!belongs(item, unitIds)) return others;
  const known = others.length !== items.length;
  const last = items.at(-1);
  if (!known && hasMore && last && byWorkOrder(item, last) > 0) return others;
  return [...others, item].sort(byWorkOrder);
}
