/** The request-log shapes of the control API, named once for the Logs page (types only). */
import type { ControlInput, ControlOutput } from '../../../core/control/contract.js';

export type LogEntry = ControlOutput<'logs.list'>['entries'][number];
export type LogCursor = NonNullable<ControlOutput<'logs.list'>['next']>;
export type LogsListInput = ControlInput<'logs.list'>;
export type LogDetail = NonNullable<ControlOutput<'logs.get'>>;
export type LogBody = LogDetail['bodies'][number];
