/**
 * The values the model, provider, account and key filters offer: those the log holds in the
 * chosen time range (usage.summary grouped by each, most used first), so a choice never
 * comes up empty. Accounts are named "<provider>/<label>" while the connection exists.
 */
import { createEffect, createMemo, createSignal, on, type Accessor } from 'solid-js';
import { useClient } from '../../client-context.js';
import { optionsRange, type LogFilters } from '../../lib/logs-query.js';

export interface FilterChoice {
  value: string;
  label: string;
}

export interface FilterOptions {
  model: FilterChoice[];
  provider: FilterChoice[];
  account: FilterChoice[];
  key: FilterChoice[];
}

const EMPTY: FilterOptions = { model: [], provider: [], account: [], key: [] };
const GROUPS = ['model', 'provider', 'account', 'key'] as const;

export function createFilterOptions(filters: Accessor<LogFilters>): { options: Accessor<FilterOptions>; accountLabel: (id: string) => string } {
  const client = useClient();
  const [options, setOptions] = createSignal<FilterOptions>(EMPTY);
  const [labels, setLabels] = createSignal<ReadonlyMap<string, string>>(new Map());
  let seq = 0;

  async function load(): Promise<void> {
    const mine = ++seq;
    const range = optionsRange(filters(), Date.now());
    try {
      const summaries = await Promise.all(GROUPS.map((groupBy) => client.call('usage.summary', { ...range, groupBy })));
      if (mine !== seq) return;
      const next: FilterOptions = { model: [], provider: [], account: [], key: [] };
      GROUPS.forEach((g, i) => {
        for (const group of summaries[i]?.groups ?? []) {
          if (group.key !== null) next[g].push({ value: group.key, label: group.label ?? group.key });
        }
      });
      setOptions(next);
    } catch {
      // The filters still work without suggestions: the ones chosen stay, the lists are empty.
    }
  }

  async function loadLabels(): Promise<void> {
    try {
      const connections = await client.call('connections.list', {});
      setLabels(new Map(connections.map((c) => [c.id, `${c.provider}/${c.label}`])));
    } catch {
      // Rows then show the connection id instead.
    }
  }

  // Only the range changes what the log holds; the other filters narrow within it. A string
  // memo, so picking a model (a new filters object, same range) does not reload the lists.
  const rangeKey = createMemo(() => `${filters().range}|${filters().customFrom}|${filters().customTo}`);
  createEffect(on(rangeKey, () => void load()));
  void loadLabels();

  return { options, accountLabel: (id) => labels().get(id) ?? id };
}
