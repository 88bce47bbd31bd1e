import { useI18n } from '../i18n/i18n-context.js';
import { STRATEGIES, type Strategy } from '../lib/contract-lists.js';
import { Select } from './ui/select.js';

export function StrategySelect(props: { value: Strategy; onChange: (s: Strategy) => void; label?: string }) {
  const { t } = useI18n();
  return (
    <Select
      label={props.label ?? t('combos.strategy')}
      options={STRATEGIES.map((s) => ({ value: s, label: t(`combos.strategies.${s}`) }))}
      value={props.value}
      onChange={(v) => props.onChange(v as Strategy)}
      testId="strategy-select"
    />
  );
}
