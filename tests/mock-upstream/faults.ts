// The queue of faults injected with inject(): each request takes the first rule that matches
// it (format, model, key), which is then used up `times` times.
import type { Pacing } from './exchange.js';
import type { FaultKind, FaultRule, RecordedRequest } from './types.js';

interface QueuedFault {
  rule: FaultRule;
  remaining: number;
}

function matches(rule: FaultRule, record: RecordedRequest): boolean {
  const m = rule.match ?? {};
  return (
    (m.format === undefined || m.format === record.format) &&
    (m.model === undefined || m.model === record.model) &&
    (m.apiKey === undefined || m.apiKey === record.apiKey)
  );
}

export class FaultQueue {
  private queued: QueuedFault[] = [];

  push(rule: FaultRule): void {
    this.queued.push({ rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.queued = [];
  }

  take(record: RecordedRequest): FaultKind | undefined {
    const found = this.queued.find((f) => f.remaining > 0 && matches(f.rule, record));
    if (!found) return undefined;
    found.remaining -= 1;
    this.queued = this.queued.filter((f) => f.remaining > 0);
    return found.rule.fault;
  }
}

/** How a fault that still lets the request be answered shapes that answer. */
export function pacingFor(fault: FaultKind | undefined): { pacing: Pacing; extraWords: number; headers: Record<string, string> } {
  const pacing: Pacing = {};
  if (fault?.kind === 'drop-mid-stream') pacing.dropAfter = fault.afterEvents;
  if (fault?.kind === 'slow-stream') pacing.delayMs = fault.delayMs;
  return {
    pacing,
    extraWords: fault?.kind === 'slow-stream' ? (fault.extraTextEvents ?? 0) : 0,
    headers: fault?.kind === 'headers' ? fault.headers : {},
  };
}
