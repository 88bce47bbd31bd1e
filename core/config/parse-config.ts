import {
  DEFAULT_CONNECTION_PRIORITY,
  connectionSchema,
  customProviderSchema,
  knownKeys,
  rootSchema,
  serverSchema,
  type ConnectionConfig,
  type CustomProviderConfig,
  type GatewayConfig,
  type ServerConfig,
} from './schema.js';
import { issueMessages, pathMessage, typeName, type ConfigPath } from './issue-messages.js';
import { readDocument } from './read-document.js';
import { parseRoutingSections } from './routing-parse.js';
import { parseUsageSections } from './usage-parse.js';

export interface ParseConfigOptions {
  /** Picks the syntax by extension (.yaml, .yml, .json) and prefixes syntax errors. */
  fileName: string;
  /** Where `env:NAME` keys are looked up. */
  env: NodeJS.ProcessEnv;
  /** Ids of the built-in providers: connections may name them, custom providers may not reuse them. */
  builtinProviderIds: readonly string[];
  /** Built-in providers whose connections may go without apiKey (model servers on this machine); custom providers always may. */
  keylessProviderIds?: readonly string[];
}

export type ParseConfigResult = { ok: true; config: GatewayConfig } | { ok: false; errors: string[] };

const ENV_PREFIX = 'env:';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses and validates the whole file, reporting every error found rather than the first. */
export function parseConfig(text: string, opts: ParseConfigOptions): ParseConfigResult {
  const doc = readDocument(text, opts.fileName);
  if (!doc.ok) return doc;
  // An empty YAML file is an empty config, not an error.
  const input = doc.value ?? {};
  const errors: string[] = [];

  const root = rootSchema.safeParse(input);
  if (!root.success) {
    const found = typeof input === 'object' && !Array.isArray(input) ? null : typeName(input);
    if (found !== null) return { ok: false, errors: [pathMessage([], `expected a mapping, got ${found}`)] };
    errors.push(...issueMessages({ issues: root.error.issues, prefix: [], knownKeys: knownKeys(rootSchema), input }));
  }
  const raw = root.success ? root.data : pickSections(input);

  const server = parseServer(raw.server, opts.env, errors);
  const providers = parseProviders(raw.providers ?? [], opts.builtinProviderIds, errors);
  const connections = parseConnections(raw.connections ?? [], {
    knownProviderIds: [...opts.builtinProviderIds, ...providers.ids],
    keylessProviderIds: [...(opts.keylessProviderIds ?? []), ...providers.ids],
    env: opts.env,
    errors,
  });

  const labels = new Map<string, Set<string>>();
  for (const c of connections) labels.set(c.provider, (labels.get(c.provider) ?? new Set()).add(c.label));
  const routing = parseRoutingSections(raw, {
    providerIds: new Set([...opts.builtinProviderIds, ...providers.ids]),
    labels,
    errors,
  });

  const usage = parseUsageSections(raw, { providerIds: new Set([...opts.builtinProviderIds, ...providers.ids]), errors });
  const counted = usage.budgets.length > 0 || connections.some((c) => c.quota?.length) || (server.apiKeys ?? []).some((k) => k.budget);
  if (server.requestLog?.enabled === false && counted) {
    // Spend and quota use are read back from the log at start; without it a restart would
    // forget them and let a budget or a quota window be overrun.
    errors.push(pathMessage(['server', 'requestLog'], 'budgets and quota windows are counted from the request log: keep it on, or remove them'));
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: { server, providers: providers.valid, connections, ...routing, ...usage } };
}

function parseServer(input: unknown, env: NodeJS.ProcessEnv, errors: string[]): ServerConfig {
  if (input === undefined || input === null) return {};
  const parsed = serverSchema.safeParse(input);
  if (parsed.success) {
    const { apiKeys: rawKeys, requestLog, ...rest } = parsed.data;
    const server: ServerConfig = { ...rest };
    if (requestLog !== undefined) server.requestLog = typeof requestLog === 'boolean' ? { enabled: requestLog } : requestLog;
    if (rawKeys) {
      const labels = new Map<string, number>();
      server.apiKeys = rawKeys.map((k, i) => {
        const entry = typeof k === 'string' ? { key: k, label: `key-${i + 1}` } : k;
        const earlier = labels.get(entry.label);
        if (earlier !== undefined) errors.push(pathMessage(['server', 'apiKeys', i, 'label'], `duplicate label "${entry.label}" (also server.apiKeys[${earlier}])`));
        else labels.set(entry.label, i);
        const path: ConfigPath = typeof k === 'string' ? ['server', 'apiKeys', i] : ['server', 'apiKeys', i, 'key'];
        return { ...entry, key: resolveApiKey(entry.key, env, path, errors) ?? '' };
      });
    }
    return server;
  }
  errors.push(...issueMessages({ issues: parsed.error.issues, prefix: ['server'], knownKeys: knownKeys(serverSchema), input }));
  return {};
}

function parseProviders(
  items: readonly unknown[],
  builtinIds: readonly string[],
  errors: string[],
): { valid: CustomProviderConfig[]; ids: string[] } {
  const valid: CustomProviderConfig[] = [];
  const firstIndexById = new Map<string, number>();
  const builtin = new Set(builtinIds);
  items.forEach((item, index) => {
    const path: ConfigPath = ['providers', index];
    // Even a provider with other errors declares its id, so connections naming it are not
    // also reported as using an unknown provider.
    const id = stringField(item, 'id');
    const parsed = customProviderSchema.safeParse(item);
    if (!parsed.success) {
      errors.push(...issueMessages({ issues: parsed.error.issues, prefix: path, knownKeys: knownKeys(customProviderSchema), input: item }));
    }
    if (id === undefined) return;
    const earlier = firstIndexById.get(id);
    if (builtin.has(id)) {
      errors.push(pathMessage([...path, 'id'], `"${id}" is the id of a built-in provider; choose another id`));
    } else if (earlier !== undefined) {
      errors.push(pathMessage([...path, 'id'], `duplicate provider id "${id}" (also providers[${earlier}])`));
    } else {
      firstIndexById.set(id, index);
      if (parsed.success) valid.push(parsed.data);
    }
  });
  return { valid, ids: [...firstIndexById.keys()] };
}

function parseConnections(
  items: readonly unknown[],
  ctx: { knownProviderIds: readonly string[]; keylessProviderIds: readonly string[]; env: NodeJS.ProcessEnv; errors: string[] },
): ConnectionConfig[] {
  const { errors, env } = ctx;
  const known = new Set(ctx.knownProviderIds);
  const keyless = new Set(ctx.keylessProviderIds);
  const out: ConnectionConfig[] = [];
  const firstIndexByLabel = new Map<string, number>();
  items.forEach((item, index) => {
    const path: ConfigPath = ['connections', index];
    const parsed = connectionSchema.safeParse(item);
    if (!parsed.success) {
      errors.push(...issueMessages({ issues: parsed.error.issues, prefix: path, knownKeys: knownKeys(connectionSchema), input: item }));
    }
    let ok = parsed.success;

    const provider = stringField(item, 'provider');
    if (provider !== undefined && provider !== '' && !known.has(provider)) {
      const list = [...known].sort().join(', ');
      errors.push(pathMessage([...path, 'provider'], `unknown provider "${provider}" (known: ${list})`));
      ok = false;
    }
    const label = stringField(item, 'label');
    if (provider !== undefined && label !== undefined && label !== '') {
      const key = JSON.stringify([provider, label]);
      const earlier = firstIndexByLabel.get(key);
      if (earlier !== undefined) {
        errors.push(pathMessage([...path, 'label'], `duplicate label "${label}" for provider "${provider}" (also connections[${earlier}])`));
        ok = false;
      } else firstIndexByLabel.set(key, index);
    }
    const written = parsed.success ? parsed.data.apiKey : undefined;
    const apiKey = written !== undefined ? resolveApiKey(written, env, [...path, 'apiKey'], errors) : undefined;
    if (parsed.success && written === undefined && !keyless.has(parsed.data.provider) && known.has(parsed.data.provider)) {
      errors.push(pathMessage([...path, 'apiKey'], `required for provider "${parsed.data.provider}" (only model servers on this machine and custom providers may go without)`));
      ok = false;
    }

    if (!ok || !parsed.success || (written !== undefined && apiKey === undefined)) return;
    const c = parsed.data;
    out.push({
      provider: c.provider,
      label: c.label,
      ...(apiKey !== undefined ? { apiKey } : {}),
      ...(c.baseUrl !== undefined ? { baseUrl: c.baseUrl } : {}),
      priority: c.priority ?? DEFAULT_CONNECTION_PRIORITY,
      enabled: c.enabled ?? true,
      ...(c.billing !== undefined ? { billing: c.billing } : {}),
      ...(c.quota !== undefined ? { quota: c.quota } : {}),
    });
  });
  return out;
}

/** `env:NAME` reads the environment; anything else is the key itself, never echoed. */
function resolveApiKey(value: string, env: NodeJS.ProcessEnv, path: ConfigPath, errors: string[]): string | undefined {
  if (!value.startsWith(ENV_PREFIX)) return value;
  const name = value.slice(ENV_PREFIX.length);
  if (!ENV_NAME.test(name)) {
    errors.push(pathMessage(path, `"env:" must be followed by an environment variable name (letters, digits, _)`));
    return undefined;
  }
  const resolved = env[name];
  if (resolved === undefined) {
    errors.push(pathMessage(path, `environment variable ${name} is not set`));
    return undefined;
  }
  if (resolved.trim() === '') {
    errors.push(pathMessage(path, `environment variable ${name} is empty`));
    return undefined;
  }
  return resolved;
}

function pickSections(input: unknown): {
  server?: unknown;
  providers?: unknown[];
  connections?: unknown[];
  routing?: unknown;
  combos?: unknown[];
  aliases?: unknown;
  limits?: unknown[];
  pricing?: unknown;
  budgets?: unknown[];
} {
  return {
    server: field(input, 'server'),
    providers: listField(input, 'providers'),
    connections: listField(input, 'connections'),
    routing: field(input, 'routing'),
    combos: listField(input, 'combos'),
    aliases: field(input, 'aliases'),
    limits: listField(input, 'limits'),
    pricing: field(input, 'pricing'),
    budgets: listField(input, 'budgets'),
  };
}

function field(input: unknown, key: string): unknown {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? Reflect.get(input, key) : undefined;
}

function listField(input: unknown, key: string): unknown[] | undefined {
  const value = field(input, key);
  return Array.isArray(value) ? value : undefined;
}

function stringField(input: unknown, key: string): string | undefined {
  const value = field(input, key);
  return typeof value === 'string' ? value : undefined;
}
