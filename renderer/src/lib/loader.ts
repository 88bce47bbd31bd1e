import { createSignal, onCleanup, onMount } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { useClient } from '../client-context.js';
import { messageOf } from './errors.js';

/**
 * A page's data: loaded on mount, again on refetch(), and again (at most once a second) when
 * the gateway pushes an event, so health and quota stay current without a reload. A failed
 * reload keeps the last good data on screen next to the error.
 *
 * Each load is reconciled into what is on screen (items matched by id, else by position), so a
 * reload changes only what changed: a row keeps its component, and a dialog the user opened in
 * it (a delete confirmation) stays open when a live event reloads the page behind it.
 */
export function createLoader<T>(load: () => Promise<T>, opts: { live?: boolean; intervalMs?: number } = {}) {
  const client = useClient();
  const [state, setState] = createStore<{ value?: T }>({});
  const data = (): T | undefined => state.value;
  const [error, setError] = createSignal<string | null>(null);
  let seq = 0;

  async function refetch(): Promise<void> {
    const mine = ++seq;
    try {
      const value = await load();
      if (mine !== seq) return;
      setState('value', reconcile(value, { merge: true }));
      setError(null);
    } catch (err) {
      if (mine === seq) setError(messageOf(err));
    }
  }

  onMount(() => {
    void refetch();
    let pending: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      pending ??= setTimeout(() => {
        pending = undefined;
        void refetch();
      }, 1000);
    };
    // A playground run streams dozens of progress events a second; none of them changes what
    // a page loads until its request finishes, which request.finished says.
    const off = opts.live ? client.onEvent((event) => event.name !== 'playground.progress' && soon()) : () => {};
    const timer = opts.intervalMs ? setInterval(() => void refetch(), opts.intervalMs) : undefined;
    onCleanup(() => {
      off();
      if (pending) clearTimeout(pending);
      if (timer) clearInterval(timer);
    });
  });

  return { data, error, refetch };
}

/** The current time, ticking, for "cooling until" comparisons. */
export function createNow(everyMs = 10_000) {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), everyMs);
  onCleanup(() => clearInterval(timer));
  return now;
}
