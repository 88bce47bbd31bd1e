/**
 * When the desktop app shows a native notification, and what it says: pure, over a state the
 * caller keeps. Each event either becomes one notification or is suppressed, because its kind
 * is switched off, because the same thing was already said (one per account, per threshold,
 * per window, until the window refills; one per open breaker until it closes; one per refused
 * key until it is replaced), or because too many were shown in the last minute.
 */
import type { NotificationKind } from '../core/control/desktop-contract.js';
import type { QuotaChanged } from '../core/quota/quota-status.js';
import type { HealthChanged } from '../core/routing/health-events.js';
import { isLoopbackAddress } from '../core/server/host-check.js';
import { countdown, windowName } from './quota-words.js';

export type DesktopEvent =
  | { type: 'quota'; quota: QuotaChanged }
  | { type: 'health'; health: HealthChanged }
  /** The gateway started listening on this host (loopback or not). */
  | { type: 'listening'; host: string; url: string }
  | { type: 'update-downloaded'; version: string };

/** The dashboard page a click opens (a hash route of the renderer). */
export type DashboardRoute = '/providers' | '/quota' | '/health' | '/settings';

export interface NotificationSpec {
  kind: NotificationKind;
  title: string;
  body: string;
  route: DashboardRoute;
}

export interface PolicyState {
  /** What was already said, by dedup key, and when. */
  said: ReadonlyMap<string, number>;
  /** When the last notifications were shown, newest last, for the rate limit. */
  shownAt: readonly number[];
}

export const INITIAL_POLICY_STATE: PolicyState = { said: new Map(), shownAt: [] };

/** At most this many notifications a minute; a burst (an outage hitting every account) says the first few. */
export const RATE_LIMIT = { count: 4, perMs: 60_000 } as const;
/** A breaker that opens again this soon after it closed is the same outage: no second notice. */
export const BREAKER_REOPEN_QUIET_MS = 10 * 60_000;

export type Decision =
  | { notify: NotificationSpec; state: PolicyState }
  | { suppressed: 'switched-off' | 'duplicate' | 'rate-limited' | 'not-notable'; state: PolicyState };

export function decideNotification(state: PolicyState, event: DesktopEvent, enabled: Readonly<Record<NotificationKind, boolean>>, now: number): Decision {
  // A replaced key is not news, but a second refusal of it is: forget the first.
  if (event.type === 'health' && event.health.event === 'key-restored') {
    return { suppressed: 'not-notable', state: forget(state, [`login:account:${event.health.connectionId ?? ''}`]) };
  }
  const draft = draftFor(event, state, now);
  if (!draft) return { suppressed: 'not-notable', state };
  if (!enabled[draft.spec.kind]) return { suppressed: 'switched-off', state };
  if (draft.duplicate) return { suppressed: 'duplicate', state };
  const recent = state.shownAt.filter((t) => now - t < RATE_LIMIT.perMs);
  if (recent.length >= RATE_LIMIT.count) return { suppressed: 'rate-limited', state: { ...state, shownAt: recent } };
  const said = new Map(forget(state, draft.forget).said);
  said.set(draft.key, now);
  return { notify: draft.spec, state: { said, shownAt: [...recent, now] } };
}

function forget(state: PolicyState, keys: readonly string[]): PolicyState {
  if (!keys.some((k) => state.said.has(k))) return state;
  const said = new Map(state.said);
  for (const key of keys) said.delete(key);
  return { ...state, said };
}

interface Draft {
  spec: NotificationSpec;
  /** Remembered once shown. */
  key: string;
  duplicate: boolean;
  /** Keys a shown notification makes sayable again (a refill re-arms the thresholds). */
  forget: string[];
}

function draftFor(event: DesktopEvent, state: PolicyState, now: number): Draft | undefined {
  switch (event.type) {
    case 'quota':
      return quotaDraft(event.quota, state, now);
    case 'health':
      return healthDraft(event.health, state, now);
    case 'listening': {
      if (isLoopback(event.host)) return undefined;
      const key = `exposed:${event.url}`;
      return {
        key,
        duplicate: state.said.has(key),
        forget: [],
        spec: {
          kind: 'exposed',
          title: 'The gateway is reachable from the network',
          body: `It listens on ${event.url}: other machines can reach it, and every request needs a gateway key.`,
          route: '/settings',
        },
      };
    }
    case 'update-downloaded': {
      const key = `update:${event.version}`;
      return {
        key,
        duplicate: state.said.has(key),
        forget: [],
        spec: { kind: 'updateReady', title: `Update ${event.version} is ready`, body: 'It installs when you quit the app.', route: '/settings' },
      };
    }
  }
}

function quotaDraft(q: QuotaChanged, state: PolicyState, now: number): Draft {
  const account = `${q.providerId}/${q.label}`;
  const scope = `quota:${q.connectionId}:${q.window}`;
  const window = windowName(q.window);
  const reset = q.resetAt === null ? 'It does not refill by itself.' : `It refills in ${countdown(Math.max(0, q.resetAt - now))}.`;
  if (q.level === 'refilled') {
    const key = `${scope}:refilled`;
    return {
      key,
      duplicate: state.said.has(key),
      forget: [80, 95, 100].map((l) => `${scope}:${l}`),
      spec: { kind: 'quotaRefilled', title: `Quota refilled: ${account}`, body: `The ${window} is available again.`, route: '/quota' },
    };
  }
  const key = `${scope}:${q.level}`;
  const spec: NotificationSpec =
    q.level === 100
      ? { kind: 'quotaThreshold', title: `Quota used up: ${account}`, body: `The ${window} is used up; requests go to your other accounts. ${reset}`, route: '/quota' }
      : { kind: 'quotaThreshold', title: `Quota ${q.level} % used: ${account}`, body: `${q.level} % of the ${window} is used. ${reset}`, route: '/quota' };
  return { key, duplicate: state.said.has(key), forget: [`${scope}:refilled`], spec };
}

function healthDraft(h: HealthChanged, state: PolicyState, now: number): Draft | undefined {
  const who = h.scope === 'provider' ? h.providerId : `${h.providerId}/${h.label ?? h.connectionId ?? ''}`;
  const scope = h.scope === 'provider' ? `provider:${h.providerId}` : `account:${h.connectionId ?? ''}`;
  switch (h.event) {
    case 'breaker-opened': {
      const key = `breaker:${scope}`;
      const closedAt = state.said.get(`breaker-closed:${scope}`);
      const flapping = closedAt !== undefined && now - closedAt < BREAKER_REOPEN_QUIET_MS;
      const until = h.reopensAt === null ? '' : ` It is tried again in ${countdown(Math.max(0, h.reopensAt - now))}.`;
      return {
        key,
        duplicate: state.said.has(key) || flapping,
        forget: [],
        spec: { kind: 'breaker', title: `${who} is failing`, body: `Requests skip it and go to your other accounts.${until}`, route: '/health' },
      };
    }
    case 'breaker-closed': {
      // Only an outage the user was told about gets its all-clear.
      if (!state.said.has(`breaker:${scope}`)) return undefined;
      return {
        key: `breaker-closed:${scope}`,
        duplicate: false,
        forget: [`breaker:${scope}`],
        spec: { kind: 'breaker', title: `${who} answers again`, body: 'Requests go to it again.', route: '/health' },
      };
    }
    case 'key-rejected': {
      const key = `login:${scope}`;
      return {
        key,
        duplicate: state.said.has(key),
        forget: [],
        spec: {
          kind: 'needsLogin',
          title: `${who} needs a new key or login`,
          body: `The provider refused it (${h.status ?? 'error'}). Requests skip this account until you replace it in Providers.`,
          route: '/providers',
        },
      };
    }
    case 'key-restored':
      return undefined;
  }
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || isLoopbackAddress(h);
}
