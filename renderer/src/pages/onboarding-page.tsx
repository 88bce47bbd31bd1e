import { useNavigate } from '@solidjs/router';
import { Match, Show, Switch, createEffect } from 'solid-js';
import { createStore } from 'solid-js/store';
import { useClient } from '../client-context.js';
import { Button } from '../components/ui/button.js';
import { ErrorBanner } from '../components/ui/error-banner.js';
import { Loaded } from '../components/ui/loaded.js';
import { PageHeader } from '../components/ui/page-header.js';
import { useI18n } from '../i18n/i18n-context.js';
import { createLoader } from '../lib/loader.js';
import { FRESH_ONBOARDING, loadOnboarding, saveOnboarding, type OnboardingState } from '../lib/onboarding-state.js';
import { StepAccount } from './onboarding/step-account.js';
import { StepCombo } from './onboarding/step-combo.js';
import { StepFinish } from './onboarding/step-finish.js';
import { StepProvider } from './onboarding/step-provider.js';
import { Stepper } from './onboarding/stepper.js';

/** The first-run guide: provider, account (tested), combo, then the lines for the user's tools. */
export function OnboardingPage() {
  const client = useClient();
  const { t } = useI18n();
  const navigate = useNavigate();
  const saved = loadOnboarding();
  // Opening the guide again after it was skipped or finished starts a new run.
  const [state, setState] = createStore<OnboardingState>(saved.status === 'open' ? saved : { ...FRESH_ONBOARDING });
  createEffect(() => saveOnboarding({ ...state }));

  const catalogue = createLoader(() => client.call('providers.catalogue', {}));
  const provider = () => catalogue.data()?.find((e) => e.id === state.providerId);

  const leave = (status: 'skipped' | 'done') => {
    setState('status', status);
    navigate('/');
  };

  return (
    <>
      <PageHeader
        title={t('onboarding.title')}
        description={t('onboarding.description')}
        actions={
          <>
            <Show when={state.step > 1}>
              <Button variant="ghost" onClick={() => setState({ ...FRESH_ONBOARDING })} data-testid="onboarding-restart">
                {t('onboarding.restart')}
              </Button>
            </Show>
            <Button onClick={() => leave('skipped')} data-testid="onboarding-skip">
              {t('onboarding.skip')}
            </Button>
          </>
        }
      />
      <Stepper step={state.step} />
      <ErrorBanner message={catalogue.error()} onRetry={() => void catalogue.refetch()} />
      <Loaded loader={catalogue}>
        {(entries) => (
          <Switch>
            <Match when={state.step === 1 || !provider()}>
              <StepProvider
                entries={entries()}
                selected={state.providerId}
                onPick={(id) => setState({ providerId: id, connectionId: null, comboName: null, step: 2 })}
                onCreated={() => void catalogue.refetch()}
                onLocalAdded={(providerId, connectionId) => {
                  // Its live model list is in the catalogue now, for the combo step.
                  void catalogue.refetch();
                  setState({ providerId, connectionId, comboName: null, step: 2 });
                }}
              />
            </Match>
            <Match when={state.step === 2}>
              <StepAccount
                provider={provider()!}
                connectionId={state.connectionId}
                onConnected={(id) => setState('connectionId', id)}
                onForget={() => setState('connectionId', null)}
                onBack={() => setState('step', 1)}
                onNext={() => {
                  void catalogue.refetch();
                  setState('step', 3);
                }}
              />
            </Match>
            <Match when={state.step === 3}>
              <StepCombo
                provider={provider()!}
                comboName={state.comboName}
                onCreated={(name) => setState('comboName', name)}
                onBack={() => setState('step', 2)}
                onNext={() => setState('step', 4)}
              />
            </Match>
            <Match when={state.step === 4}>
              <StepFinish comboName={state.comboName} provider={provider()!} onBack={() => setState('step', 3)} onDone={() => leave('done')} />
            </Match>
          </Switch>
        )}
      </Loaded>
    </>
  );
}
