import { Play, RotateCcw, Square } from 'lucide-solid';
import { Show } from 'solid-js';
import { Button } from '../../components/ui/button.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { TextAreaField } from '../../components/ui/field.js';
import { Select } from '../../components/ui/select.js';
import { Switch } from '../../components/ui/switch.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { WIRE_FORMATS, type WireFormat } from '../../lib/contract-lists.js';
import type { ParsedBody } from '../../lib/playground-body.js';
import type { ModelChoice } from '../../lib/playground-models.js';

/** The request being composed: format, target, stream flag and the body's JSON text. */
export interface RequestDraft {
  format: WireFormat;
  model: string | null;
  stream: boolean;
  text: string;
}

export function RequestCard(props: {
  draft: RequestDraft;
  parsed: ParsedBody;
  choices: readonly ModelChoice[];
  loaded: boolean;
  running: boolean;
  isSample: boolean;
  onFormat: (format: WireFormat) => void;
  onChange: (patch: Partial<RequestDraft>) => void;
  onResetBody: () => void;
  onSend: () => void;
  onStop: () => void;
}) {
  const { t } = useI18n();
  const formatOptions = () => WIRE_FORMATS.map((f) => ({ value: f, label: t(`playground.formats.${f}`) }));
  const modelOptions = () =>
    props.choices.map((c) => ({
      value: c.value,
      label: `${c.value} · ${c.kind === 'alias' ? t('playground.kinds.alias', { target: c.target ?? '' }) : t(`playground.kinds.${c.kind}`)}`,
    }));
  const bodyError = () => {
    const p = props.parsed;
    if (p.ok) return null;
    return p.reason === 'not_json' ? t('playground.notJson', { detail: p.detail }) : t('playground.notObject');
  };
  const pickFormat = (value: string) => {
    const format = WIRE_FORMATS.find((f) => f === value);
    if (format) props.onFormat(format);
  };

  return (
    <Card aria-labelledby="playground-request-title">
      <CardTitle id="playground-request-title">{t('playground.request')}</CardTitle>
      <form
        class="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!props.running) props.onSend();
        }}
      >
        <div class="grid grid-cols-1 gap-3 md:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)_auto] md:items-end">
          <Select label={t('playground.format')} options={formatOptions()} value={props.draft.format} onChange={pickFormat} testId="playground-format" />
          <Show
            when={props.choices.length > 0 || !props.loaded}
            fallback={
              <p class="text-[13px] text-warn" data-testid="playground-no-models">
                {t('playground.noModels')}
              </p>
            }
          >
            <Select
              label={t('playground.model')}
              options={modelOptions()}
              value={props.draft.model}
              placeholder={t('playground.pickModel')}
              onChange={(model) => props.onChange({ model })}
              testId="playground-model"
            />
          </Show>
          <div class="pb-2">
            <Switch label={t('playground.stream')} checked={props.draft.stream} onChange={(stream) => props.onChange({ stream })} testId="playground-stream" />
          </div>
        </div>
        <TextAreaField
          label={t('playground.body')}
          hint={t('playground.bodyHint')}
          error={bodyError()}
          value={props.draft.text}
          onInput={(text) => props.onChange({ text })}
          rows={10}
          spellcheck={false}
          autocomplete="off"
          data-testid="playground-body"
        />
        <div class="flex flex-wrap items-center gap-2">
          <Show
            when={props.running}
            fallback={
              <Button type="submit" variant="primary" disabled={!props.parsed.ok || !props.draft.model} data-testid="playground-send">
                <Play size={14} />
                {t('playground.send')}
              </Button>
            }
          >
            <Button variant="danger" onClick={() => props.onStop()} data-testid="playground-stop">
              <Square size={14} />
              {t('playground.stop')}
            </Button>
          </Show>
          <Show when={!props.isSample}>
            <Button variant="ghost" onClick={() => props.onResetBody()} data-testid="playground-reset-body">
              <RotateCcw size={14} />
              {t('playground.resetBody')}
            </Button>
          </Show>
        </div>
      </form>
    </Card>
  );
}
