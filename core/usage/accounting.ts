import type { GatewayConfig } from '../config/index.js';
import type { BillingKind, BudgetConfig, QuotaWindowConfig } from '../config/usage-schema.js';
import type { ControlOutput } from '../control/contract.js';
import type { Usage } from '../formats/canonical.js';
import type { RequestRecord } from '../pipeline/request-record.js';
import { createGatewayQuota } from '../quota/gateway-quota.js';
import type { UsagePollerOptions } from '../quota/usage-poller.js';
import type { GatewayQuota } from '../quota/gateway-quota.js';
import type { QuotaChanged } from '../quota/quota-status.js';
import type { QuotaLevel } from '../quota/thresholds.js';
import type { LearnedLimit } from '../routing/learned-limits.js';
import type { RouteTarget } from '../routing/resolve.js';
import type { RouteTable } from '../routing/route-table.js';
import type { RouteGate } from '../routing/router.js';
import type { Store } from '../store/index.js';
import { createBudgetGate } from './budget-gate.js';
import { budgetsStatus } from './budget-status.js';
import { createKeyBudgetCheck } from './key-budget.js';
import type { KeyBudgetCheck } from './key-budget.js';
import { createPriceBook } from './price-book.js';
import type { BilledUnits, PriceBook } from './price-book.js';
import { createSpendTracker } from './spend-tracker.js';
import type { SpendTracker } from './spend-tracker.js';

/** The settings row that keeps usage-endpoint quota levels between starts. */
const QUOTA_LEVELS_SETTING = 'quota.reportedLevels';

/** An account's billing and quota windows, the file's or the app's (store/account-terms-repository.ts). */
export interface AccountTermsEntry {
  provider: string;
  label: string;
  billing?: BillingKind | undefined;
  quota?: QuotaWindowConfig[] | undefined;
}

export interface AccountingOptions {
  config: GatewayConfig | undefined;
  /** Every account's terms, read at start and again at each rebuild. */
  accountTerms(): Promise<AccountTermsEntry[]>;
  store: Store;
  table: () => RouteTable;
  now: () => number;
  learnedLimits: () => ReadonlyArray<{ key: string } & LearnedLimit>;
  onQuotaChange(event: QuotaChanged): void;
  /** GETs a usage endpoint through the account's proxy; absent = direct (tests). */
  fetchUsage?: UsagePollerOptions['fetchJson'];
}

/**
 * What every request costs and what is left: prices, spend against budgets, and quota
 * windows per account. Counters live in memory and are read back from the request log at
 * start, and again after a restore or import changed the log or the accounts under them.
 */
export interface Accounting {
  prices: PriceBook;
  /** Quota and budget checks for the router; they follow rebuilds. */
  gates: RouteGate[];
  /** Undefined when no gateway key has a budget. */
  checkKeyBudget: KeyBudgetCheck | undefined;
  /** `units`: what a service call (images, audio, rerank) used besides tokens. */
  priceRequest(target: RouteTarget, usage: Usage, units?: BilledUnits): number | undefined;
  /** Books a finished request's spend and quota use. */
  book(record: RequestRecord): void;
  quotaStatus(): ControlOutput<'quota.status'>;
  budgetsStatus(): ControlOutput<'budgets.status'>;
  pollQuota(): Promise<number>;
  start(): void;
  stop(): void;
  /** Re-reads the counters from the store and the accounts from the route table. */
  rebuild(): Promise<void>;
  /** Replaces the budgets (a setting edited in the app); spend so far counts against the new ones at once. */
  setBudgets(budgets: readonly BudgetConfig[]): void;
}

export async function createAccounting(opts: AccountingOptions): Promise<Accounting> {
  const { config, store, now } = opts;
  const prices = createPriceBook({ overrides: config?.pricing ?? {} });
  let terms = await opts.accountTerms();
  let billingOf = new Map(terms.map((c) => [`${c.provider}\u0000${c.label}`, c.billing]));
  let budgets: readonly BudgetConfig[] = config?.budgets ?? [];
  const keys = config?.server?.apiKeys ?? [];

  const loadSpend = async (): Promise<SpendTracker> => {
    const tiers = new Map([...opts.table().providers.values()].map((p) => [p.id, p.tier]));
    const tracker = createSpendTracker({ now, tierOf: (id) => tiers.get(id) });
    tracker.restore(await store.spend.totals(tracker.window()));
    return tracker;
  };
  const loadQuota = (): Promise<GatewayQuota> =>
    createGatewayQuota({
      table: opts.table,
      configConnections: terms,
      usage: store.quotaUsage,
      now,
      learnedLimits: opts.learnedLimits,
      onChange: opts.onQuotaChange,
      ...(opts.fetchUsage ? { fetchJson: opts.fetchUsage } : {}),
      levels: {
        load: () => store.settings.get<Record<string, QuotaLevel>>(QUOTA_LEVELS_SETTING),
        save: (levels) => store.settings.set(QUOTA_LEVELS_SETTING, levels),
      },
    });

  let spend = await loadSpend();
  let quota = await loadQuota();
  let budgetGate = createBudgetGate({ budgets, spend });
  let keyBudget = createKeyBudgetCheck({ keys, spend, now });
  let running = false;

  return {
    prices,
    gates: [(target, at) => budgetGate(target, at), (target, at) => quota.gate(target, at)],
    checkKeyBudget: keyBudget ? (label) => keyBudget?.(label) : undefined,
    priceRequest: (target, usage, units) => {
      const price = prices.price(target.provider.id, target.model);
      // A model server on this machine costs nothing per token, unless the user priced its models.
      if (!price && target.provider.local) return 0;
      return prices.cost({ usage, price, billing: billingOf.get(`${target.provider.id}\u0000${target.connection.label}`) ?? 'metered', ...(units ? { units } : {}) });
    },
    book(record) {
      spend.book(record);
      quota.record(record);
    },
    quotaStatus: () => quota.status(),
    budgetsStatus: () => budgetsStatus({ budgets, keys, spend, now: now() }),
    pollQuota: () => quota.poll(),
    start() {
      running = true;
      quota.start();
    },
    stop() {
      running = false;
      quota.stop();
    },
    setBudgets(next) {
      budgets = next;
      budgetGate = createBudgetGate({ budgets, spend });
    },
    async rebuild() {
      await store.requestLog.flush();
      terms = await opts.accountTerms();
      billingOf = new Map(terms.map((c) => [`${c.provider}\u0000${c.label}`, c.billing]));
      const [nextSpend, nextQuota] = [await loadSpend(), await loadQuota()];
      quota.stop();
      spend = nextSpend;
      quota = nextQuota;
      budgetGate = createBudgetGate({ budgets, spend });
      keyBudget = createKeyBudgetCheck({ keys, spend, now });
      if (running) quota.start();
    },
  };
}
