/** The gateway configuration the benchmark runs `serve` with: one custom provider per upstream format. */

/** Provider ids the benchmark's gateway config declares, one per upstream format. */
export const BENCH_PROVIDERS = { 'openai-chat': 'bench-openai', anthropic: 'bench-anthropic' } as const;

export function gatewayConfigYaml(upstreamUrl: string, requestLog: boolean): string {
  return [
    'server:',
    `  requestLog: ${requestLog}`,
    // The load repeats one body; identical requests would otherwise be answered from the
    // idempotency cache and the figures would measure the cache, not the gateway's path.
    'routing:',
    '  idempotencyWindowMs: 0',
    'providers:',
    `  - id: ${BENCH_PROVIDERS['openai-chat']}`,
    '    format: openai-chat',
    `    baseUrl: ${upstreamUrl}/v1`,
    '    models: [mock-gpt, mock-gpt-flood, mock-gpt-hold]',
    `  - id: ${BENCH_PROVIDERS.anthropic}`,
    '    format: anthropic',
    `    baseUrl: ${upstreamUrl}/v1`,
    '    models: [mock-claude, mock-claude-flood, mock-claude-hold]',
    'connections:',
    `  - provider: ${BENCH_PROVIDERS['openai-chat']}`,
    '    label: bench',
    '    apiKey: bench-upstream-key',
    `  - provider: ${BENCH_PROVIDERS.anthropic}`,
    '    label: bench',
    '    apiKey: bench-upstream-key',
    '',
  ].join('\n');
}
