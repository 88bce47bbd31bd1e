import type { Usage, WireFormat } from '../formats/canonical.js';

/** What the gateway remembers about one client request once it is over. */
export interface RequestRecord {
  id: string;
  /** Unix ms when the request arrived. */
  ts: number;
  clientFormat: WireFormat;
  requestedModel: string;
  providerId?: string;
  connectionId?: string;
  upstreamModel?: string;
  upstreamFormat?: WireFormat;
  stream: boolean;
  /** Upstream calls made, and how many of them failed over to the next candidate. */
  attempts: number;
  fallbacks: number;
  /** HTTP status the client got; 499 when the client went away first. */
  status: number;
  latencyMs: number;
  ttftMs?: number;
  usage?: Usage;
  errorCode?: string;
}
