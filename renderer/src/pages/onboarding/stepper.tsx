import { Check } from 'lucide-solid';
import { For } from 'solid-js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { OnboardingStep } from '../../lib/onboarding-state.js';

const STEPS = ['provider', 'account', 'combo', 'finish'] as const;

export function Stepper(props: { step: OnboardingStep }) {
  const { t } = useI18n();
  return (
    <ol class="m-0 mb-5 flex list-none flex-wrap items-center gap-2 p-0" aria-label={t('onboarding.stepOf', { n: props.step })}>
      <For each={STEPS}>
        {(name, i) => {
          const n = i() + 1;
          const state = () => (n < props.step ? 'done' : n === props.step ? 'current' : 'todo');
          return (
            <li class="flex items-center gap-2" aria-current={state() === 'current' ? 'step' : undefined} data-testid={`step-${name}`} data-state={state()}>
              <span
                class="flex h-6 w-6 items-center justify-center rounded-full border text-xs font-semibold"
                classList={{
                  'bg-accent text-accent-fg border-accent': state() === 'current',
                  'bg-ok-soft text-ok border-ok': state() === 'done',
                  'bg-surface text-muted border-border': state() === 'todo',
                }}
              >
                {state() === 'done' ? <Check size={13} /> : n}
              </span>
              <span class="text-[13px]" classList={{ 'font-medium text-fg': state() === 'current', 'text-muted': state() !== 'current' }}>
                {t(`onboarding.steps.${name}`)}
              </span>
              {n < STEPS.length && <span class="mx-1 hidden h-px w-8 bg-border sm:block" aria-hidden="true" />}
            </li>
          );
        }}
      </For>
    </ol>
  );
}
