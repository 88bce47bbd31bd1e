import { useI18n } from '../i18n/i18n-context.js';
import { TIER_ORDER } from '../lib/contract-lists.js';

/** A tier's heading ("API key providers"); a tier the dashboard does not know yet shows its raw name. */
export function useTierName() {
  const { t } = useI18n();
  return (tier: string): string => ((TIER_ORDER as readonly string[]).includes(tier) ? t(`tiers.${tier as (typeof TIER_ORDER)[number]}`) : tier);
}

/** A tier's short name for a badge ("API key"). */
export function useTierBadge() {
  const { t } = useI18n();
  return (tier: string): string => ((TIER_ORDER as readonly string[]).includes(tier) ? t(`tierBadges.${tier as (typeof TIER_ORDER)[number]}`) : tier);
}
