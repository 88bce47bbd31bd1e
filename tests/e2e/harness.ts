/**
 * One gateway in front of one strict mock upstream, configured with a custom provider per
 * upstream wire format, for the end-to-end suites.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireFormat } from '../../core/formats/canonical.js';
import { createGateway } from '../../core/gateway.js';
import type { Gateway, GatewayOptions } from '../../core/gateway.js';
import { createSecretStore } from '../../core/secrets/index.js';
import { startMockUpstream } from '../mock-upstream/index.js';
import type { MockUpstream } from '../mock-upstream/index.js';

export interface Upstream {
  provider: string;
  apiKey: string;
  /** The upstream's own model id: what the mock is asked for and answers with. */
  upstreamModel: string;
  /** What a client asks the gateway for: `<provider>/<upstreamModel>`. */
  model: string;
}

function upstream(provider: string, apiKey: string, upstreamModel: string): Upstream {
  return { provider, apiKey, upstreamModel, model: `${provider}/${upstreamModel}` };
}

/**
 * The upstream formats the harness's mock serves over /v1 and /v1beta. Ollama's native API is
 * a mock of its own (tests/e2e/ollama-serve.test.ts), so cross-format suites iterate these.
 */
export const HARNESS_FORMATS = ['openai-chat', 'openai-responses', 'anthropic', 'gemini'] as const satisfies readonly WireFormat[];
export type HarnessFormat = (typeof HARNESS_FORMATS)[number];

/** The provider id the harness configures for each upstream format, its key and its one model. */
export const UPSTREAMS: Record<HarnessFormat, Upstream> = {
  'openai-chat': upstream('up-chat', 'key-up-chat', 'mock-chat-1'),
  'openai-responses': upstream('up-resp', 'key-up-resp', 'mock-resp-1'),
  anthropic: upstream('up-anth', 'key-up-anth', 'mock-claude-1'),
  gemini: upstream('up-gem', 'key-up-gem', 'mock-gemini-1'),
};

const BASE_PATH: Record<HarnessFormat, string> = {
  'openai-chat': '/v1',
  'openai-responses': '/v1',
  anthropic: '/v1',
  gemini: '/v1beta',
};

export interface Harness {
  mock: MockUpstream;
  /** Replaced by restart(). */
  gateway: Gateway;
  url: string;
  dataDir: string;
  configPath: string;
  /** Stops the gateway and starts a new one on the same data dir, config and options. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A further account for one of the harness providers (they all start with one, `main`). */
export interface ExtraConnection {
  provider: string;
  label: string;
  apiKey: string;
  priority?: number;
}

export function configYaml(mockUrl: string, extra = '', extraConnections: readonly ExtraConnection[] = []): string {
  const lines = ['providers:'];
  for (const [format, u] of Object.entries(UPSTREAMS)) {
    lines.push(
      `  - id: ${u.provider}`,
      `    format: ${format}`,
      `    baseUrl: ${mockUrl}${BASE_PATH[format as HarnessFormat]}`,
      `    models: [${u.upstreamModel}]`,
    );
  }
  lines.push('connections:');
  for (const u of Object.values(UPSTREAMS)) {
    lines.push(`  - provider: ${u.provider}`, `    label: main`, `    apiKey: ${u.apiKey}`);
  }
  for (const c of extraConnections) {
    lines.push(`  - provider: ${c.provider}`, `    label: ${c.label}`, `    apiKey: ${c.apiKey}`);
    if (c.priority !== undefined) lines.push(`    priority: ${c.priority}`);
  }
  return lines.join('\n') + '\n' + extra;
}

export async function startHarness(
  opts: {
    extraConfig?: string;
    extraConnections?: readonly ExtraConnection[];
    gateway?: Partial<GatewayOptions>;
    /** A fixed secret makes the mock's thought signatures valid across runs (recorded fixtures carry them). */
    mockSigningSecret?: string;
  } = {},
): Promise<Harness> {
  const mock = await startMockUpstream(opts.mockSigningSecret !== undefined ? { signingSecret: opts.mockSigningSecret } : {});
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-e2e-'));
  const configPath = join(dataDir, 'config.yaml');
  await writeFile(configPath, configYaml(mock.url, opts.extraConfig, opts.extraConnections));
  const launch = async (): Promise<{ gateway: Gateway; url: string }> => {
    const gateway = await createGateway({
      dataDir,
      port: 0,
      configPath,
      secrets: await createSecretStore({ dataDir, preferKeychain: false }),
      ...opts.gateway,
    });
    const { url } = await gateway.start();
    return { gateway, url };
  };
  const first = await launch();
  const harness: Harness = {
    mock,
    gateway: first.gateway,
    url: first.url,
    dataDir,
    configPath,
    async restart() {
      await harness.gateway.stop();
      const next = await launch();
      harness.gateway = next.gateway;
      harness.url = next.url;
    },
    async close() {
      await harness.gateway.stop();
      await mock.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** The upstream request the mock saw last for a given provider key. */
export function lastUpstreamRequest(mock: MockUpstream, apiKey: string) {
  const found = mock.requests.filter((r) => r.apiKey === apiKey).at(-1);
  if (!found) throw new Error(`the mock saw no request with key ${apiKey}`);
  return found;
}

/** A 1x1 transparent PNG. */
export const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
export const PNG_BYTES = Buffer.from(PNG_1X1, 'base64').length;
