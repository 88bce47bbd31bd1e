/**
 * The levels a quota window is reported at: the tray colours by them and the desktop
 * notifies when one is crossed. 0 means below 80 %.
 */
export type QuotaLevel = 0 | 80 | 95 | 100;
export type QuotaEventLevel = 80 | 95 | 100 | 'refilled';

export function levelOf(used: number, limit: number): QuotaLevel {
  if (!(limit > 0)) return 0;
  const share = used / limit;
  if (share >= 1) return 100;
  if (share >= 0.95) return 95;
  if (share >= 0.8) return 80;
  return 0;
}

/**
 * The level a window is at now and the event its move from `previous` deserves: the highest
 * level newly crossed upward (one event even when several are crossed at once), 'refilled'
 * when it falls back below 80 %, nothing otherwise. A fall that stays at or above 80 % (part
 * of a rolling window leaving) moves the level silently, so crossing up again is reported again.
 */
export function nextLevel(previous: QuotaLevel, used: number, limit: number): { level: QuotaLevel; event?: QuotaEventLevel } {
  const level = levelOf(used, limit);
  if (level > previous) return { level, event: level as 80 | 95 | 100 };
  if (level === 0 && previous > 0) return { level, event: 'refilled' };
  return { level };
}
