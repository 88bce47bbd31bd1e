/** The outbound proxy settings as the Network card shows them: named rows, and what it may send. */
import type { NetworkView } from './views.js';

/** What the card needs of a catalogue entry and of an account (so tests can pass just that). */
type Named = { id: string; name: string };
type Account = { id: string; provider: string; label: string };

export type ScopedKind = 'provider' | 'connection';

/** One per-provider or per-account proxy, with the name the user knows it by. */
export interface ScopedProxyRow {
  kind: ScopedKind;
  id: string;
  /** The provider's name or the account's label; null when it no longer exists (the id is shown). */
  name: string | null;
  /** For an account: its provider's name. */
  detail: string | null;
  /** As the gateway shows it, a password as ***. */
  url: string;
}

function providerName(catalogue: readonly Named[], id: string): string | null {
  return catalogue.find((p) => p.id === id)?.name ?? null;
}

/** An account's label with its provider, which is what tells two "work" accounts apart. */
export function accountDetail(catalogue: readonly Named[], c: Account): string {
  return providerName(catalogue, c.provider) ?? c.provider;
}

/** The provider proxies first, then the account ones, each sorted by name. */
export function scopedRows(view: NetworkView, catalogue: readonly Named[], connections: readonly Account[]): ScopedProxyRow[] {
  const providers = Object.entries(view.providers).map(([id, url]): ScopedProxyRow => ({ kind: 'provider', id, name: providerName(catalogue, id), detail: null, url }));
  const accounts = Object.entries(view.connections).map(([id, url]): ScopedProxyRow => {
    const c = connections.find((x) => x.id === id);
    return { kind: 'connection', id, name: c?.label ?? null, detail: c ? accountDetail(catalogue, c) : null, url };
  });
  const byName = (a: ScopedProxyRow, b: ScopedProxyRow) => (a.name ?? a.id).localeCompare(b.name ?? b.id);
  return [...providers.sort(byName), ...accounts.sort(byName)];
}

/**
 * Whether a URL still carries the *** the gateway shows for a stored password. Sent back, it
 * would be stored as the password itself, so the card asks for the real one instead.
 */
export function hasMaskedPassword(url: string): boolean {
  return /^[a-z0-9+.-]+:\/\/[^/@]*:\*\*\*@/i.test(url.trim());
}

/** What an edit dialog starts with: the stored URL, unless its password is hidden (then empty). */
export function editableUrl(shown: string): string {
  return hasMaskedPassword(shown) ? '' : shown;
}
