/** Who the load generator talks to, in which format, through which route. */
import { BENCH_PROVIDERS } from './gateway-config.js';
import { chatPath, clientHeaders, requestBody, STREAM_CHUNKS, streamTerminator } from './wire-fixtures.js';
import type { BenchFormat } from './wire-fixtures.js';

export interface Scenario {
  id: string;
  label: string;
  /** The upstream called directly, the gateway with the request log on or off, or the reference proxy. */
  via: 'direct' | 'gateway-log' | 'gateway-nolog' | 'reference';
  client: BenchFormat;
  upstream: BenchFormat;
  /** The direct scenario this one is compared with: the same upstream, called directly. */
  baseline: string;
}

const NAMES: Record<BenchFormat, string> = { 'openai-chat': 'OpenAI', anthropic: 'Anthropic' };

function scenario(via: Scenario['via'], client: BenchFormat, upstream: BenchFormat): Scenario {
  const route = via === 'direct' ? 'direct' : client === upstream ? 'pass' : 'translate';
  const log = via === 'gateway-nolog' ? '-nolog' : '';
  const id = `${route}-${client === 'openai-chat' ? 'openai' : 'anthropic'}${client === upstream ? '' : `-to-${upstream === 'openai-chat' ? 'openai' : 'anthropic'}`}${log}`;
  const what =
    route === 'direct'
      ? `direct ${NAMES[upstream]} upstream`
      : route === 'pass'
        ? `pass-through ${NAMES[client]}`
        : `${NAMES[client]} client -> ${NAMES[upstream]} upstream`;
  return {
    id,
    label: via === 'gateway-nolog' ? `${what}, log off` : what,
    via,
    client,
    upstream,
    baseline: `direct-${upstream === 'openai-chat' ? 'openai' : 'anthropic'}`,
  };
}

/**
 * Every route the issue asks for with the request log on (the default); with the log off,
 * one pass-through and one translated route, enough to show what logging costs.
 */
export const SCENARIOS: readonly Scenario[] = [
  scenario('direct', 'openai-chat', 'openai-chat'),
  scenario('direct', 'anthropic', 'anthropic'),
  scenario('gateway-log', 'openai-chat', 'openai-chat'),
  scenario('gateway-log', 'anthropic', 'anthropic'),
  scenario('gateway-log', 'anthropic', 'openai-chat'),
  scenario('gateway-log', 'openai-chat', 'anthropic'),
  scenario('gateway-nolog', 'openai-chat', 'openai-chat'),
  scenario('gateway-nolog', 'anthropic', 'openai-chat'),
];

export const DIRECT_SCENARIOS = SCENARIOS.filter((s) => s.via === 'direct');

/** A bare node:http + undici proxy (reference-proxy.ts): the floor a Node.js gateway starts from. Non-streaming only. */
export const REFERENCE_SCENARIO: Scenario = {
  id: 'reference-openai',
  label: 'reference: bare node:http + undici proxy',
  via: 'reference',
  client: 'openai-chat',
  upstream: 'openai-chat',
  baseline: 'direct-openai',
};

export interface Endpoints {
  upstream: string;
  gatewayLog: string;
  gatewayNoLog: string;
  reference: string;
}

export const UPSTREAM_MODELS: Record<BenchFormat, string> = { 'openai-chat': 'mock-gpt', anthropic: 'mock-claude' };

/** The request a scenario sends: URL, headers and a ~1 KB body in the client's format. */
export function scenarioRequest(s: Scenario, endpoints: Endpoints, opts: { stream: boolean; kind?: 'paced' | 'flood' | 'hold' }) {
  const base = { direct: endpoints.upstream, 'gateway-log': endpoints.gatewayLog, 'gateway-nolog': endpoints.gatewayNoLog, reference: endpoints.reference }[s.via];
  const upstreamModel = UPSTREAM_MODELS[s.upstream] + (opts.kind === 'flood' || opts.kind === 'hold' ? `-${opts.kind}` : '');
  const model = s.via === 'direct' || s.via === 'reference' ? upstreamModel : `${BENCH_PROVIDERS[s.upstream]}/${upstreamModel}`;
  return {
    url: base + chatPath(s.client),
    headers: clientHeaders(s.client),
    body: requestBody(s.client, model, opts.stream),
    terminator: streamTerminator(s.client),
    expectedDeltas: STREAM_CHUNKS,
  };
}
