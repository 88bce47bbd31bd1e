import { Plus } from 'lucide-solid';
import { createSignal } from 'solid-js';
import { CustomProviderDialog } from '../../components/custom-provider-dialog.js';
import { ProviderPicker } from '../../components/provider-picker.js';
import { Button } from '../../components/ui/button.js';
import { Card } from '../../components/ui/card.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { CatalogueEntry } from '../../lib/views.js';

export function StepProvider(props: {
  entries: readonly CatalogueEntry[];
  selected: string | null;
  onPick: (id: string) => void;
  onCreated: () => void;
}) {
  const { t } = useI18n();
  const [customOpen, setCustomOpen] = createSignal(false);
  return (
    <div class="flex flex-col gap-4">
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
