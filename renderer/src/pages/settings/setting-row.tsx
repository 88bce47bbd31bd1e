import { RotateCcw } from 'lucide-solid';
import { Show } from 'solid-js';
import { Badge } from '../../components/ui/badge.js';
import { Button } from '../../components/ui/button.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { STRATEGIES } from '../../lib/contract-lists.js';
import { displayValue } from '../../lib/settings-draft.js';
import type { SettingView } from '../../lib/views.js';
import { useSettingText } from './setting-text.js';
import { SettingWidget } from './setting-widget.js';

export function SettingRow(props: {
  setting: SettingView;
  value: unknown;
  dirty: boolean;
  providers: readonly { id: string; name: string }[];
  onChange: (value: unknown) => void;
}) {
  const { t } = useI18n();
  const s = () => props.setting;
  // The file's and the start options' values are not the app's to change.
  const readOnly = () => s().source === 'file' || s().source === 'launch';
  const sourceText = () =>
    ({ file: t('settings.sourceFile'), launch: t('settings.sourceLaunch'), user: t('settings.sourceUser'), default: t('settings.sourceDefault') })[s().source];
  const text = useSettingText();
  const label = () => text(s().key).label;
  // Values with a name in the UI's language are shown by that name.
  const shown = (value: unknown): string => {
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'string' && (STRATEGIES as readonly string[]).includes(value)) return t(`combos.strategies.${value as (typeof STRATEGIES)[number]}`);
    return displayValue(value);
  };
  return (
    <div class="grid grid-cols-1 gap-x-6 gap-y-2 border-b border-border py-4 last:border-b-0 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]" data-testid="setting-row" data-key={s().key} data-translated={text(s().key).translated ? 'true' : 'false'}>
      <div class="min-w-0">
        <div class="flex flex-wrap items-center gap-1.5">
          <span class="font-medium">{label()}</span>
          <Show when={props.dirty}>
            <span class="h-1.5 w-1.5 rounded-full bg-accent" aria-hidden="true" />
          </Show>
        </div>
        <code class="text-xs text-muted">{s().key}</code>
        <p class="mt-1 text-xs text-muted">{text(s().key).help}</p>
        <div class="mt-1.5 flex flex-wrap gap-1">
          <Badge tone={readOnly() ? 'accent' : s().source === 'user' ? 'ok' : 'neutral'}>{sourceText()}</Badge>
          <Show when={s().appliesAt === 'restart'}>
            <Badge tone="warn" testId="restart-badge">
              {t('settings.restartBadge')}
            </Badge>
          </Show>
          <Show when={s().pendingRestart}>
            <Badge tone="bad" testId="pending-restart">
              {t('settings.pendingRestart')}
            </Badge>
          </Show>
        </div>
      </div>
      <div class="flex min-w-0 flex-col gap-1.5">
        <Show
          when={!readOnly()}
          fallback={
            <code class="w-fit rounded bg-surface-2 px-2 py-1 text-[13px]" data-testid={`setting-value-${s().key}`}>
              {shown(s().value)}
            </code>
          }
        >
          <SettingWidget
            settingKey={s().key}
            label={label()}
            value={props.value}
            sample={s().defaultValue ?? s().value}
            disabled={false}
            providers={props.providers}
            onChange={props.onChange}
          />
        </Show>
        <div class="flex flex-wrap items-center gap-3 text-xs text-muted">
          <span>{t('settings.defaultValue', { value: shown(s().defaultValue) })}</span>
          <Show when={!readOnly() && (s().source === 'user' || props.dirty)}>
            <Button size="sm" variant="ghost" onClick={() => props.onChange(null)} data-testid="setting-reset">
              <RotateCcw size={12} />
              {t('settings.reset')}
            </Button>
          </Show>
        </div>
      </div>
    </div>
  );
}
