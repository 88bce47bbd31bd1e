/**
 * Finds the model servers running on this machine: each built-in provider with `local` is
 * probed on its default port, all at once, each with a short timeout. A port that refuses,
 * times out, or answers with something that is not that kind of server is simply not found;
 * nothing here throws.
 */
import { request } from 'undici';
import { readText } from '../upstream/read-text.js';
import { cleanModelIds, readModelIds } from '../providers/model-list-fetch.js';
import type { LocalServer, ProviderDescriptor } from '../providers/types.js';

/** A server that answers on loopback does so in milliseconds; a longer wait is nothing there. */
export const DETECT_TIMEOUT_MS = 700;
/** A tag list of a few thousand models is well under this. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export interface FoundServer {
  providerId: string;
  name: string;
  /** The provider's base URL at the address it answered on (`http://127.0.0.1:1234/v1`). */
  baseUrl: string;
  models: string[];
  /** Reported by servers that say (Ollama's /api/version). */
  version?: string;
}

export interface DetectOptions {
  providers: readonly ProviderDescriptor[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Port per provider id, over each provider's default (tests). */
  ports?: Readonly<Record<string, number>>;
  timeoutMs?: number;
}

/** Every local server that answered, in the providers' order. */
export async function detectLocalServers(opts: DetectOptions): Promise<FoundServer[]> {
  const probes = opts.providers.flatMap((p) => {
    if (!p.local) return [];
    const baseUrl = localBaseUrl(p, opts.host ?? '127.0.0.1', opts.ports?.[p.id] ?? p.local.defaultPort);
    return baseUrl ? [{ provider: p, local: p.local, baseUrl }] : [];
  });
  const answers = await Promise.all(
    probes.map(async ({ provider, local, baseUrl }) => {
      const found = await probeLocalServer({ probe: local.probe, baseUrl, timeoutMs: opts.timeoutMs ?? DETECT_TIMEOUT_MS });
      if (!found) return undefined;
      const server: FoundServer = { providerId: provider.id, name: provider.name, baseUrl, models: found.models };
      if (found.version !== undefined) server.version = found.version;
      return server;
    }),
  );
  return answers.filter((a): a is FoundServer => a !== undefined);
}

/** The provider's base URL moved to `host:port`, keeping its path (`/v1` where it has one). */
export function localBaseUrl(provider: ProviderDescriptor, host: string, port: number): string | undefined {
  try {
    const url = new URL(provider.baseUrl);
    url.hostname = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    url.port = String(port);
    return url.toString().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/**
 * Asks one address whether it is a server of that kind and what models it has; undefined when
 * it is not (nothing there, too slow, or another service). `baseUrl` is the provider's base URL;
 * Ollama's own API lives at the server's root, so a `/v1` there is taken off.
 */
export async function probeLocalServer(opts: {
  probe: LocalServer['probe'];
  baseUrl: string;
  timeoutMs: number;
}): Promise<{ models: string[]; version?: string } | undefined> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const base = opts.baseUrl.replace(/\/+$/, '');
  if (opts.probe === 'openai') {
    const models = readOpenAiList(await getJson(`${base}/models`, signal));
    return models && { models };
  }
  const root = base.replace(/\/v1$/, '');
  const version = readVersion(await getJson(`${root}/api/version`, signal));
  if (version === undefined) return undefined;
  const models = readOllamaTags(await getJson(`${root}/api/tags`, signal));
  // The version answer already says it is Ollama; a tag list it cannot give is an empty one.
  return { models: models ?? [], version };
}

/** The JSON a GET answers with 200; undefined for anything else (no server, an error, a web page). */
async function getJson(url: string, signal: AbortSignal): Promise<unknown> {
  try {
    // reset: no keep-alive socket left open to a server that is only asked now and then.
    const response = await request(url, { method: 'GET', headers: { accept: 'application/json' }, signal, reset: true });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return undefined;
    }
    return JSON.parse(await readText(response.body, MAX_ANSWER_BYTES)) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Ollama's `{ "version": "0.5.7" }`. */
function readVersion(body: unknown): string | undefined {
  return isRecord(body) && typeof body.version === 'string' && body.version.length > 0 && body.version.length <= 100 ? body.version : undefined;
}

/** Ollama's `{ "models": [{ "name": "llama3.2:latest", ... }] }`. */
function readOllamaTags(body: unknown): string[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.models)) return undefined;
  return cleanModelIds(body.models.map((m) => (isRecord(m) ? m.name : undefined)));
}

/**
 * OpenAI's `{ "data": [{ "id": ... }] }`. A list whose entries carry no id at all is some other
 * service's `data`, not a model list.
 */
function readOpenAiList(body: unknown): string[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.data)) return undefined;
  if (body.data.length > 0 && !body.data.some((m) => isRecord(m) && typeof m.id === 'string')) return undefined;
  return readModelIds('openai-chat', body);
}
