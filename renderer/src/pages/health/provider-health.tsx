import { Index, Show, type Accessor } from 'solid-js';
import { useClient } from '../../client-context.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { Actions } from '../../lib/actions.js';
import { accountHasState, providerHasState, scopeState, type AccountHealthRow, type ProviderHealthRow } from '../../lib/health-view.js';
import { useDurationText } from '../quota/duration-text.js';
import { LearnedLimitLine } from './learned-limit.js';
import { ResetButton } from './reset-button.js';
import { StateBadge, useReasonText } from './state-badge.js';

interface RowProps {
  actions: Actions;
  now: Accessor<number>;
  onChanged: () => void;
}

/**
 * One provider: its own breaker and cooldown (an outage of the whole provider), then each
 * account's. Reset shows only where routing holds something to clear. The provider's Reset clears its accounts too: after an outage both the provider's
 * and the account's breakers are open, and clearing one leaves the next request refused.
 */
export function ProviderHealth(props: RowProps & { provider: ProviderHealthRow }) {
  const client = useClient();
  const { t } = useI18n();
  const p = () => props.provider;
  const reset = async () => {
    await client.call('routing.reset', { key: p().scope.key });
    for (const a of p().accounts) await client.call('routing.reset', { connectionId: a.connectionId });
  };
  return (
    <li class="py-3" data-testid="health-provider" data-provider-id={p().id}>
      <div class="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span class="font-semibold">{p().name}</span>
        <Show when={p().name !== p().id}>
          <code class="text-xs text-muted">{p().id}</code>
        </Show>
        <StateBadge state={scopeState(p().scope, props.now())} now={props.now} testId="health-provider-state" />
        <Show when={providerHasState(p())}>
          <span class="ml-auto">
            <ResetButton
              actions={props.actions}
              label={t('healthPage.resetProviderLabel', { name: p().name })}
              name={p().name}
              reset={reset}
              onDone={props.onChanged}
              testId="health-provider-reset"
            />
          </span>
        </Show>
      </div>
      <Show when={p().accounts.length > 0}>
        <ul class="m-0 mt-2 list-none border-l-2 border-border p-0 pl-4">
          <Index each={p().accounts}>{(a) => <AccountHealth {...props} account={a()} />}</Index>
        </ul>
      </Show>
    </li>
  );
}

function AccountHealth(props: RowProps & { account: AccountHealthRow }) {
  const client = useClient();
  const { t } = useI18n();
  const durations = useDurationText();
  const reason = useReasonText();
  const a = () => props.account;
  const models = () => a().models.filter((m) => m.cooldown.until > props.now());
  return (
    <li class="flex flex-col gap-1 py-2" data-testid="health-account" data-connection-id={a().connectionId} data-label={a().label}>
      <div class="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span class="font-medium">{a().label}</span>
        <StateBadge state={scopeState(a().scope, props.now())} disabled={!a().enabled} now={props.now} testId="health-account-state" />
        <Show when={accountHasState(a())}>
          <span class="ml-auto">
            <ResetButton
              actions={props.actions}
              label={t('healthPage.resetAccountLabel', { name: a().label })}
              name={a().label}
              reset={() => client.call('routing.reset', { connectionId: a().connectionId })}
              onDone={props.onChanged}
              testId="health-account-reset"
            />
          </span>
        </Show>
      </div>
      <Index each={models()}>
        {(m) => (
          <p class="m-0 text-xs text-warn tabular-nums" data-testid="health-model-cooling">
            {t('healthPage.modelCooling', { model: m().model, reason: reason(m().cooldown.reason), countdown: durations.until(m().cooldown.until, props.now()) })}
          </p>
        )}
      </Index>
      <Show when={a().limit}>{(l) => <LearnedLimitLine limit={l()} now={props.now} />}</Show>
    </li>
  );
}
