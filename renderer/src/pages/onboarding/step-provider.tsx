import { Plus } from 'lucide-solid';
import { Show, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { CustomProviderDialog } from '../../components/custom-provider-dialog.js';
import { LocalServers } from '../../components/local-servers.js';
import { ProviderPicker } from '../../components/provider-picker.js';
import { Button } from '../../components/ui/button.js';
import { Card } from '../../components/ui/card.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createLoader } from '../../lib/loader.js';
import type { CatalogueEntry } from '../../lib/views.js';

export function StepProvider(props: {
  entries: readonly CatalogueEntry[];
  selected: string | null;
  onPick: (id: string) => void;
  onCreated: () => void;
  /** A model server on this computer was added in one click: the account exists already. */
  onLocalAdded: (providerId: string, connectionId: string) => void;
}) {
  const client = useClient();
  const { t } = useI18n();
  const [customOpen, setCustomOpen] = createSignal(false);
  const local = createLoader(() => client.call('local.detect', { cached: true }));
  const found = () => (local.data()?.servers.length ?? 0) > 0;
  const localCard = () => (
    <LocalServers
      detection={local.data()}
      heading={t('local.onboardingHeading')}
      help={t('local.onboardingHelp')}
      onAdded={(added) => props.onLocalAdded(added.connection.provider, added.connection.id)}
      onChanged={() => void local.refetch()}
    />
  );
  return (
    <div class="flex flex-col gap-4">
      {/* Found servers come first: with one running, setup needs no account and no network. */}
      <Show when={found()}>{localCard()}</Show>
      <Card>
        <h2 class="text-base font-semibold">{t('onboarding.provider.heading')}</h2>
        <p class="mb-4 text-muted">{t('onboarding.provider.help')}</p>
        <ProviderPicker entries={props.entries} selected={props.selected} onPick={props.onPick} />
      </Card>
      <Card>
        <div class="flex flex-wrap items-center justify-between gap-3">
          <div class="min-w-0">
            <h2 class="text-[15px] font-semibold">{t('onboarding.provider.customHeading')}</h2>
            <p class="text-muted">{t('onboarding.provider.customHelp')}</p>
          </div>
          <Button onClick={() => setCustomOpen(true)} data-testid="onboarding-add-custom">
            <Plus size={14} />
            {t('providers.addCustom')}
          </Button>
        </div>
      </Card>
      <Show when={local.data() && !found()}>{localCard()}</Show>
      <CustomProviderDialog
        open={customOpen()}
        onOpenChange={setCustomOpen}
        onSaved={(entry) => {
          props.onCreated();
          props.onPick(entry.id);
        }}
      />
    </div>
  );
}
