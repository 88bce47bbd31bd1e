/**
 * Durations and countdowns in the UI's language ("4h 59m 12s", "4 小时 59 分 12 秒"); the
 * Health page uses the same words for uptime and cooldowns.
 */
import { useI18n, type TranslationKey } from '../../i18n/i18n-context.js';
import { countdownParts, durationParts, type DurationParts, type DurationTemplate } from '../../lib/quota-countdown.js';

const TEMPLATES: Record<DurationTemplate, Extract<TranslationKey, `quota.countdown.${string}`>> = {
  dhm: 'quota.countdown.dhm',
  hms: 'quota.countdown.hms',
  ms: 'quota.countdown.ms',
  s: 'quota.countdown.s',
};

export function useDurationText() {
  const { t } = useI18n();
  const say = (p: DurationParts): string => t(TEMPLATES[p.template], { d: p.d, h: p.h, m: p.m, s: p.s });
  return {
    /** A length of time, such as an uptime. */
    duration: (ms: number): string => say(durationParts(ms)),
    /** The time left until `at`, rounded up to the second. */
    until: (at: number, now: number): string => say(countdownParts(at, now)),
  };
}
