import { BookOpen, ExternalLink } from 'lucide-solid';
import { Show } from 'solid-js';
import type { CatalogueEntry } from '../lib/views.js';
import { useI18n } from '../i18n/i18n-context.js';

export function ProviderLinks(props: { entry: CatalogueEntry }) {
  const { t } = useI18n();
  return (
    <span class="inline-flex flex-wrap items-center gap-3 text-xs">
      <Show when={props.entry.docsUrl}>
        {(url) => (
          <a href={url()} target="_blank" rel="noopener noreferrer" class="inline-flex items-center gap-1 hover:underline">
            <BookOpen size={12} />
            {t('providers.docs')}
          </a>
        )}
      </Show>
      <Show when={props.entry.keyUrl}>
        {(url) => (
          <a href={url()} target="_blank" rel="noopener noreferrer" class="inline-flex items-center gap-1 hover:underline">
            <ExternalLink size={12} />
            {t('providers.getKey')}
          </a>
        )}
      </Show>
    </span>
  );
}
