import { A } from '@solidjs/router';
import { Activity, ChartLine, Boxes, FlaskConical, Gauge, HeartPulse, KeyRound, Layers, Rocket, ScrollText, Settings } from 'lucide-solid';
import { For, type JSX } from 'solid-js';
import { useI18n, type TranslationKey } from '../i18n/i18n-context.js';
import type { ThemePreference } from '../lib/theme.js';
import { LanguageSwitch } from './language-switch.js';
import { ThemeSwitch } from './theme-switch.js';

interface NavItem {
  href: string;
  label: Extract<TranslationKey, `nav.${string}`>;
  icon: () => JSX.Element;
  testId: string;
}

const MAIN: NavItem[] = [
  { href: '/', label: 'nav.status', icon: () => <Activity size={16} />, testId: 'nav-status' },
  { href: '/providers', label: 'nav.providers', icon: () => <Boxes size={16} />, testId: 'nav-providers' },
  { href: '/combos', label: 'nav.combos', icon: () => <Layers size={16} />, testId: 'nav-combos' },
  { href: '/logs', label: 'nav.logs', icon: () => <ScrollText size={16} />, testId: 'nav-logs' },
  { href: '/usage', label: 'nav.usage', icon: () => <ChartLine size={16} />, testId: 'nav-usage' },
  { href: '/quota', label: 'nav.quota', icon: () => <Gauge size={16} />, testId: 'nav-quota' },
  { href: '/health', label: 'nav.health', icon: () => <HeartPulse size={16} />, testId: 'nav-health' },
  { href: '/playground', label: 'nav.playground', icon: () => <FlaskConical size={16} />, testId: 'nav-playground' },
  { href: '/keys', label: 'nav.keys', icon: () => <KeyRound size={16} />, testId: 'nav-keys' },
  { href: '/settings', label: 'nav.settings', icon: () => <Settings size={16} />, testId: 'nav-settings' },
];
const SETUP: NavItem = { href: '/onboarding', label: 'nav.onboarding', icon: () => <Rocket size={16} />, testId: 'nav-onboarding' };

export function Sidebar(props: { theme: ThemePreference; onTheme: (t: ThemePreference) => void }) {
  const { t } = useI18n();
  const link = (item: NavItem) => (
    <A
      href={item.href}
      end={item.href === '/'}
      data-testid={item.testId}
      class="flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-[13.5px] text-muted hover:bg-surface-2 hover:text-fg"
      activeClass="!bg-accent-soft !text-accent font-medium"
    >
      {item.icon()}
      <span class="truncate">{t(item.label)}</span>
    </A>
  );
  return (
    <aside class="shrink-0 border-b border-border bg-surface md:w-56 md:border-b-0 md:border-r">
      <div class="flex flex-col gap-4 p-3 md:sticky md:top-0 md:h-screen">
        <div class="flex items-center gap-2 px-1.5 pt-1">
          <img src="./favicon.svg" alt="" class="h-6 w-6" />
          <div class="leading-tight">
            <div class="font-semibold">{t('app.name')}</div>
            <div class="text-xs text-muted">{t('app.tagline')}</div>
          </div>
        </div>
        <nav aria-label={t('nav.label')} class="flex flex-row flex-wrap gap-0.5 md:flex-col">
          <For each={MAIN}>{link}</For>
          <div class="my-1 hidden border-t border-border md:block" role="presentation" />
          {link(SETUP)}
        </nav>
        <div class="mt-auto flex flex-col gap-3 px-1">
          <ThemeSwitch value={props.theme} onChange={props.onTheme} />
          <LanguageSwitch />
        </div>
      </div>
    </aside>
  );
}
