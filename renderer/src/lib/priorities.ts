/** Lower priority numbers are tried first; the app writes them in steps of ten. */
export const PRIORITY_STEP = 10;

/** Moves the item at `from` to `to`, returning a new array. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const next = items.slice();
  if (from < 0 || from >= next.length || to < 0 || to >= next.length || from === to) return next;
  const [moved] = next.splice(from, 1) as [T];
  next.splice(to, 0, moved);
  return next;
}

/**
 * The priority each id gets for the new order (10, 20, 30, ...), listing only the ids whose
 * number changes, so a reorder sends as few updates as it can.
 */
export function renumber(ordered: readonly { id: string; priority: number }[]): { id: string; priority: number }[] {
  const changes: { id: string; priority: number }[] = [];
  ordered.forEach((item, i) => {
    const priority = (i + 1) * PRIORITY_STEP;
    if (item.priority !== priority) changes.push({ id: item.id, priority });
  });
  return changes;
}
