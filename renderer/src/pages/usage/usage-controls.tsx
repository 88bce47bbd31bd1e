/** The range, interval and split pickers above the charts. */
import { Select } from '../../components/ui/select.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { BUCKETS, RANGE_PRESETS, SPLITS, isBucket, isRangePreset, isSplit, type RangePreset, type UsageBucket, type UsageSplit } from '../../lib/usage-range.js';

export function UsageControls(props: {
  preset: RangePreset;
  bucket: UsageBucket;
  split: UsageSplit;
  onPreset: (p: RangePreset) => void;
  onBucket: (b: UsageBucket) => void;
  onSplit: (s: UsageSplit) => void;
}) {
  const { t } = useI18n();
  return (
    <div class="mb-4 flex flex-wrap items-end gap-3">
      <Select
        class="w-48"
        label={t('usage.range')}
        testId="usage-range"
        value={props.preset}
        options={RANGE_PRESETS.map((p) => ({ value: p, label: t(`usage.ranges.${p}`) }))}
        onChange={(v) => isRangePreset(v) && props.onPreset(v)}
      />
      <Select
        class="w-36"
        label={t('usage.bucket')}
        testId="usage-bucket"
        value={props.bucket}
        options={BUCKETS.map((b) => ({ value: b, label: t(`usage.buckets.${b}`) }))}
        onChange={(v) => isBucket(v) && props.onBucket(v)}
      />
      <Select
        class="w-40"
        label={t('usage.splitBy')}
        testId="usage-split"
        value={props.split}
        options={SPLITS.map((s) => ({ value: s, label: t(`usage.splits.${s}`) }))}
        onChange={(v) => isSplit(v) && props.onSplit(v)}
      />
      <p class="pb-2 text-xs text-muted">{t('usage.utcNote')}</p>
    </div>
  );
}
