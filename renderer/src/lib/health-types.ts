/** Control API shapes the Health page reads beyond those views.ts names (types only). */
import type { ControlOutput } from '../../../core/control/contract.js';

export type UsageSummaryView = ControlOutput<'usage.summary'>;
