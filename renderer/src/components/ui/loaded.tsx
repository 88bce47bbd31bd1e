import { Show, type Accessor, type JSX } from 'solid-js';
import { useI18n } from '../../i18n/i18n-context.js';

/**
 * A loader's data once it has come; until then "Loading…", or nothing when it failed, since
 * the page's error banner already says why.
 */
export function Loaded<T>(props: {
  loader: { data: Accessor<T | undefined>; error: Accessor<string | null> };
  children: (data: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  const { t } = useI18n();
  return (
    <Show when={props.loader.data()} fallback={<p class="text-muted">{props.loader.error() ? '' : t('common.loading')}</p>}>
      {(data) => props.children(data)}
    </Show>
  );
}
