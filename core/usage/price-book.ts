import { z } from 'zod';
import type { Usage } from '../formats/canonical.js';
import builtinTable from '../../resources/pricing.json' with { type: 'json' };

/**
 * USD per million tokens. Cached input and cache writes cost the input price when unset.
 * Models billed by what they make or read rather than by tokens add a unit price: per image
 * made, per minute of audio transcribed, per million characters spoken, per thousand rerank
 * searches.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
  perImage?: number;
  perMinute?: number;
  perMillionCharacters?: number;
  perThousandSearches?: number;
}

/** What a non-chat request used besides tokens, for the unit prices above. */
export interface BilledUnits {
  images?: number;
  audioSeconds?: number;
  characters?: number;
  searches?: number;
}

/** metered: pay per token; subscription: a flat-rate plan, so a request costs nothing. */
export type Billing = 'metered' | 'subscription';

export interface PriceBook {
  /** The price of a provider's model: the user's override, else the built-in table. */
  price(providerId: string, model: string): ModelPrice | undefined;
  /** What a request cost in USD; undefined when the price is unknown (and not a subscription). */
  cost(input: { usage: Usage; price: ModelPrice | undefined; billing?: Billing; units?: BilledUnits }): number | undefined;
  /** Replaces the user's overrides (a setting edited in the app); the next price asked for uses them. */
  setOverrides(overrides: Readonly<Record<string, ModelPrice>>): void;
}

const perMillion = z.number().min(0);
const priceSchema = z.strictObject({
  input: perMillion,
  output: perMillion,
  cachedInput: perMillion.optional(),
  cacheWrite: perMillion.optional(),
  perImage: perMillion.optional(),
  perMinute: perMillion.optional(),
  perMillionCharacters: perMillion.optional(),
  perThousandSearches: perMillion.optional(),
});
const tableSchema = z.record(z.string(), z.record(z.string(), priceSchema));

export type PriceTable = z.infer<typeof tableSchema>;

/** The table shipped in resources/pricing.json, validated on each call (the gateway makes one price book at start). */
export function builtinPrices(): PriceTable {
  return tableSchema.parse(builtinTable);
}

/**
 * Cost of a request. Usage counts follow OpenAI (canonical): cached reads and cache writes
 * are part of inputTokens and reasoning is part of outputTokens, so only the uncached rest
 * of the prompt pays the plain input price and reasoning pays the output price like any
 * other generated token.
 */
export function requestCost(usage: Usage, price: ModelPrice, units: BilledUnits = {}): number {
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteTokens ?? 0;
  const uncached = Math.max(0, usage.inputTokens - cached - written);
  const microDollars =
    uncached * price.input + cached * (price.cachedInput ?? price.input) + written * (price.cacheWrite ?? price.input) + usage.outputTokens * price.output;
  return microDollars / 1e6 + unitCost(price, units);
}

function unitCost(price: ModelPrice, units: BilledUnits): number {
  return (
    (units.images ?? 0) * (price.perImage ?? 0) +
    ((units.audioSeconds ?? 0) / 60) * (price.perMinute ?? 0) +
    ((units.characters ?? 0) / 1e6) * (price.perMillionCharacters ?? 0) +
    ((units.searches ?? 0) / 1000) * (price.perThousandSearches ?? 0)
  );
}

/**
 * Prices for routing (cost-optimized) and accounting from one place. `overrides` are the
 * config's `pricing` section, keyed `<provider>/<model>`; an override replaces the built-in
 * price of that model as a whole.
 */
export function createPriceBook(opts: { overrides?: Readonly<Record<string, ModelPrice>>; table?: PriceTable } = {}): PriceBook {
  const table = opts.table ?? builtinPrices();
  let overrides = opts.overrides ?? {};
  return {
    setOverrides(next) {
      overrides = next;
    },
    price(providerId, model) {
      return overrides[`${providerId}/${model}`] ?? table[providerId]?.[model];
    },
    cost({ usage, price, billing, units }) {
      if (billing === 'subscription') return 0;
      return price ? requestCost(usage, price, units) : undefined;
    },
  };
}
