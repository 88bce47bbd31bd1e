import { createEffect, createSignal } from 'solid-js';
import type { CatalogueEntry } from '../lib/views.js';
import { useClient } from '../client-context.js';
import { useI18n } from '../i18n/i18n-context.js';
import { createActions } from '../lib/actions.js';
import { WIRE_FORMATS, type WireFormat } from '../lib/contract-lists.js';
import { TextAreaField, TextField } from './ui/field.js';
import { FormDialog } from './ui/form-dialog.js';
import { Select } from './ui/select.js';

/**
 * Adds a custom provider (any server speaking one of the four wire formats), or edits one
 * the user added. The gateway checks the input with the config file's own rules.
 */
export function CustomProviderDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The provider to edit; absent to add one. */
  existing?: CatalogueEntry;
  onSaved: (entry: CatalogueEntry) => void;
}) {
  const client = useClient();
  const { t } = useI18n();
  const actions = createActions();
  const [id, setId] = createSignal('');
  const [name, setName] = createSignal('');
  const [format, setFormat] = createSignal<WireFormat>('openai-chat');
  const [baseUrl, setBaseUrl] = createSignal('');
  const [models, setModels] = createSignal('');

  createEffect(() => {
    if (!props.open) return;
    const e = props.existing;
    setId(e?.id ?? '');
    setName(e?.name ?? '');
    setFormat(e?.format ?? 'openai-chat');
    setBaseUrl(e?.baseUrl ?? '');
    setModels(e?.models.map((m) => m.id).join('\n') ?? '');
  });

  const modelList = () =>
    models()
      .split(/[\n,]/)
      .map((m) => m.trim())
      .filter(Boolean);

  const save = async () => {
    const input = { id: id().trim(), name: name().trim() || undefined, format: format(), baseUrl: baseUrl().trim(), models: modelList() };
    const saved = await actions.run(
      () => (props.existing ? client.call('providers.update', input) : client.call('providers.create', input)),
      props.existing ? t('providers.custom.saved', { name: input.name ?? input.id }) : t('providers.custom.created', { name: input.name ?? input.id }),
    );
    if (!saved) return false;
    props.onSaved(saved);
    return true;
  };

  return (
    <FormDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={props.existing ? t('providers.custom.titleEdit', { name: props.existing.name }) : t('providers.custom.titleNew')}
      testId="custom-provider-dialog"
      busy={actions.busy()}
      submitTestId="custom-save"
      onSubmit={save}
    >
      <TextField
        label={t('providers.custom.id')}
        hint={t('providers.custom.idHint')}
        value={id()}
        onInput={setId}
        required
        disabled={!!props.existing}
        autocomplete="off"
        spellcheck={false}
        data-testid="custom-id"
      />
      <TextField label={t('providers.custom.name')} value={name()} onInput={setName} data-testid="custom-name" />
      <Select
        label={t('providers.custom.format')}
        options={WIRE_FORMATS.map((f) => ({ value: f, label: f }))}
        value={format()}
        onChange={(v) => setFormat(v as WireFormat)}
        testId="custom-format"
      />
      <TextField
        label={t('providers.custom.baseUrl')}
        hint={t('providers.custom.baseUrlHint')}
        value={baseUrl()}
        onInput={setBaseUrl}
        required
        type="url"
        spellcheck={false}
        data-testid="custom-base-url"
      />
      <TextAreaField
        label={t('providers.custom.models')}
        hint={t('providers.custom.modelsHint')}
        value={models()}
        onInput={setModels}
        rows={4}
        spellcheck={false}
        data-testid="custom-models"
      />
    </FormDialog>
  );
}
