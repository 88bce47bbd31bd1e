import { Plus } from 'lucide-solid';
import { Show } from 'solid-js';
import { Badge } from '../../components/ui/badge.js';
import { ProviderLinks } from '../../components/provider-links.js';
import { Button } from '../../components/ui/button.js';
import { useModelCount } from '../../components/model-count.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { CatalogueEntry } from '../../lib/views.js';

/** A provider with no account yet, as one tile of the catalogue. */
export function CatalogueCard(props: { entry: CatalogueEntry; onAddAccount: () => void }) {
  const { t } = useI18n();
  const modelCount = useModelCount();
  return (
    <li class="flex flex-col gap-1.5 rounded-md border border-border bg-surface p-3" data-testid="catalogue-item" data-provider-id={props.entry.id}>
      <div class="min-w-0">
        <div class="flex items-center gap-2">
          <span class="truncate font-medium">{props.entry.name}</span>
          <Show when={props.entry.local}>
            <Badge tone="accent">{t('tierBadges.local')}</Badge>
          </Show>
        </div>
        <div class="text-xs text-muted">
          <code>{props.entry.id}</code> · {props.entry.format} · {modelCount(props.entry.models.length)}
        </div>
      </div>
      <div class="mt-auto flex flex-wrap items-center justify-between gap-2">
        <ProviderLinks entry={props.entry} />
        <Button size="sm" onClick={() => props.onAddAccount()} aria-label={`${t('providers.addAccount')}: ${props.entry.name}`} data-testid="add-account">
          <Plus size={13} />
          {t('providers.addAccount')}
        </Button>
      </div>
    </li>
  );
}
