/**
 * Lists the contract defines as values in core, restated here because the renderer may only
 * import core's types (no zod in the bundle). The checks below fail to compile when a list
 * here and the contract's type drift apart.
 */
import type { ThinkingMode } from '../../../core/config/routing-schema.js';
import type { CatalogueEntry, ComboView } from './views.js';

export type Strategy = ComboView['strategy'];
export const STRATEGIES = ['fill-first', 'round-robin', 'p2c', 'random', 'least-used', 'cost-optimized'] as const satisfies readonly Strategy[];

export type WireFormat = CatalogueEntry['format'];
export const WIRE_FORMATS = ['openai-chat', 'openai-responses', 'anthropic', 'gemini', 'ollama'] as const satisfies readonly WireFormat[];

export const THINKING_MODES = ['passthrough', 'auto', 'custom', 'adaptive'] as const satisfies readonly ThinkingMode[];

/** The order tiers are shown in; tiers not listed here come after, by name. */
export const TIER_ORDER = ['subscription', 'api-key', 'cheap', 'free', 'local', 'custom'] as const;

type MissingStrategy = Exclude<Strategy, (typeof STRATEGIES)[number]>;
type MissingFormat = Exclude<WireFormat, (typeof WIRE_FORMATS)[number]>;
type MissingMode = Exclude<ThinkingMode, (typeof THINKING_MODES)[number]>;
type Missing = MissingStrategy | MissingFormat | MissingMode;
export const listsCoverContract: [Missing] extends [never] ? true : Missing = true;
