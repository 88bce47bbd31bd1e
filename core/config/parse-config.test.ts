import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig, type ParseConfigResult } from './parse-config.js';

const builtinProviderIds = ['openai', 'anthropic', 'gemini'] as const;
const SECRET = 'sk-live-abcdef0123456789';
const env = { OPENAI_API_KEY: SECRET, EMPTY_KEY: '' };

function yaml(text: string, extraEnv: NodeJS.ProcessEnv = {}): ParseConfigResult {
  return parseConfig(text, { fileName: 'omniroute.yaml', env: { ...env, ...extraEnv }, builtinProviderIds });
}

function errorsOf(result: ParseConfigResult): string[] {
  assert.equal(result.ok, false, 'expected errors');
  return result.ok ? [] : result.errors;
}

const FULL_YAML = `
server:
  host: 0.0.0.0
  port: 20129
  allowedHosts: [my-box.local]
  bodyLimitBytes: 10485760
providers:
  - id: my-llm
    name: My LLM
    format: openai-chat
    baseUrl: http://127.0.0.1:8080/v1
    models: [llama-3-70b]
  - id: local-claude
    format: anthropic
    baseUrl: https://claude.example.test
connections:
  - provider: openai
    label: work
    apiKey: env:OPENAI_API_KEY
    priority: 1
  - provider: my-llm
    label: default
    apiKey: literal-key
    baseUrl: http://127.0.0.1:8081/v1
    enabled: false
`;

test('a full YAML file parses, with env keys resolved and defaults applied', () => {
  const result = yaml(FULL_YAML);
  assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
  assert.deepEqual(result.config, {
    routing: {},
    combos: [],
    aliases: {},
    limits: [],
    pricing: {},
    budgets: [],
    server: { host: '0.0.0.0', port: 20129, allowedHosts: ['my-box.local'], bodyLimitBytes: 10485760 },
    providers: [
      { id: 'my-llm', name: 'My LLM', format: 'openai-chat', baseUrl: 'http://127.0.0.1:8080/v1', models: ['llama-3-70b'] },
      { id: 'local-claude', format: 'anthropic', baseUrl: 'https://claude.example.test' },
    ],
    connections: [
      { provider: 'openai', label: 'work', apiKey: SECRET, priority: 1, enabled: true },
      { provider: 'my-llm', label: 'default', apiKey: 'literal-key', baseUrl: 'http://127.0.0.1:8081/v1', priority: 100, enabled: false },
    ],
  });
});

test('the same config as JSON parses to the same result', () => {
  const fromYaml = yaml(FULL_YAML);
  assert.ok(fromYaml.ok);
  const json = JSON.stringify({
    ...fromYaml.config,
    connections: fromYaml.config.connections.map((c) => (c.provider === 'openai' ? { ...c, apiKey: 'env:OPENAI_API_KEY' } : c)),
  });
  const fromJson = parseConfig(json, { fileName: 'config.JSON', env, builtinProviderIds });
  assert.deepEqual(fromJson, fromYaml);
});

test('an empty file, an empty mapping and a file with only some sections are valid', () => {
  for (const text of ['', '# nothing yet\n', '{}']) {
    assert.deepEqual(yaml(text), { ok: true, config: { routing: {}, combos: [], aliases: {}, limits: [], pricing: {}, budgets: [], server: {}, providers: [], connections: [] } });
  }
  assert.deepEqual(parseConfig('{"server": {"port": 0}}', { fileName: 'c.json', env: {}, builtinProviderIds }), {
    ok: true,
    config: { routing: {}, combos: [], aliases: {}, limits: [], pricing: {}, budgets: [], server: { port: 0 }, providers: [], connections: [] },
  });
});

test('a missing environment variable names the field and the variable, not a value', () => {
  const errors = errorsOf(
    yaml('connections:\n  - provider: openai\n    label: a\n    apiKey: env:NOPE_KEY\n  - provider: openai\n    label: b\n    apiKey: env:EMPTY_KEY\n'),
  );
  assert.deepEqual(errors, [
    'connections[0].apiKey: environment variable NOPE_KEY is not set',
    'connections[1].apiKey: environment variable EMPTY_KEY is empty',
  ]);
  assert.deepEqual(errorsOf(yaml('connections:\n  - {provider: openai, label: a, apiKey: "env:"}\n')), [
    'connections[0].apiKey: "env:" must be followed by an environment variable name (letters, digits, _)',
  ]);
});

test('a wrong format lists the valid ones', () => {
  const errors = errorsOf(
    yaml('providers:\n  - {id: a, format: openai-chat, baseUrl: "http://x.test"}\n  - {id: b, format: openai, baseUrl: "http://x.test"}\n'),
  );
  assert.deepEqual(errors, ['providers[1].format: expected one of openai-chat, openai-responses, anthropic, gemini, ollama']);
});

test('connections must name a built-in or custom provider', () => {
  const errors = errorsOf(
    yaml(`
providers:
  - {id: mine, format: gemini, baseUrl: "https://g.test"}
connections:
  - {provider: mine, label: a, apiKey: k}
  - {provider: openai, label: a, apiKey: k}
  - {provider: foo, label: a, apiKey: k}
`),
  );
  assert.deepEqual(errors, ['connections[2].provider: unknown provider "foo" (known: anthropic, gemini, mine, openai)']);
});

test('custom provider ids: lowercase, unique, not a built-in id', () => {
  const errors = errorsOf(
    yaml(`
providers:
  - {id: My_LLM, format: gemini, baseUrl: "https://g.test"}
  - {id: openai, format: openai-chat, baseUrl: "https://o.test"}
  - {id: dup, format: gemini, baseUrl: "https://g.test"}
  - {id: dup, format: gemini, baseUrl: "https://g.test"}
connections:
  - {provider: My_LLM, label: a, apiKey: k}
`),
  );
  assert.deepEqual(errors, [
    'providers[0].id: must use only lowercase letters, digits and dashes ([a-z0-9-]+)',
    'providers[1].id: "openai" is the id of a built-in provider; choose another id',
    'providers[3].id: duplicate provider id "dup" (also providers[2])',
  ]);
});

test('labels are unique per provider, and the same label may repeat across providers', () => {
  const errors = errorsOf(
    yaml(`
connections:
  - {provider: openai, label: work, apiKey: k1}
  - {provider: anthropic, label: work, apiKey: k2}
  - {provider: openai, label: home, apiKey: k3}
  - {provider: openai, label: work, apiKey: k4}
`),
  );
  assert.deepEqual(errors, ['connections[3].label: duplicate label "work" for provider "openai" (also connections[0])']);
});

test('unknown keys are errors that name the key and suggest the intended one', () => {
  const errors = errorsOf(
    yaml(`
sever: {port: 1}
server: {port: 1, bodylimitBytes: 5}
providers:
  - {id: a, format: gemini, baseUrl: "https://g.test", model: [x]}
connections:
  - {provider: openai, label: a, apikey: env:OPENAI_API_KEY, apiKey: k, colour: blue}
`),
  );
  assert.deepEqual(errors, [
    '(top level): unknown key "sever" (did you mean "server"?)',
    'server: unknown key "bodylimitBytes" (did you mean "bodyLimitBytes"?)',
    'providers[0]: unknown key "model" (did you mean "models"?)',
    'connections[0]: unknown key "apikey" (did you mean "apiKey"?)',
    'connections[0]: unknown key "colour" (known keys: provider, label, apiKey, baseUrl, priority, enabled, billing, quota)',
  ]);
});

test('types, ranges, URLs and required fields are checked with the field path', () => {
  const errors = errorsOf(
    yaml(`
server:
  port: 70000
  host: ""
  allowedHosts: localhost
  bodyLimitBytes: 1.5
providers:
  - {id: a, baseUrl: "ftp://files.test"}
connections:
  - {provider: openai, label: a, apiKey: 12345, priority: high, enabled: "yes", baseUrl: "not a url"}
  - {provider: openai, apiKey: ""}
`),
  );
  assert.deepEqual(errors, [
    'server.host: must not be empty',
    'server.port: must be an integer from 0 to 65535',
    'server.allowedHosts: expected a list, got a string',
    'server.bodyLimitBytes: expected an integer, got a fractional number',
    'providers[0].format: is required',
    'providers[0].baseUrl: must be an http:// or https:// URL',
    'connections[0].apiKey: expected a string, got a number',
    'connections[0].baseUrl: must be an http:// or https:// URL',
    'connections[0].priority: expected a number, got a string',
    'connections[0].enabled: expected a boolean, got a string',
    'connections[1].label: is required',
    'connections[1].apiKey: must not be empty',
  ]);
});

test('sections of the wrong kind are reported and the top level must be a mapping', () => {
  assert.deepEqual(errorsOf(yaml('providers: {id: a}\nconnections: 3\n')), [
    'providers: expected a list, got a mapping',
    'connections: expected a list, got a number',
  ]);
  assert.deepEqual(errorsOf(yaml('- a\n- b\n')), ['(top level): expected a mapping, got a list']);
  assert.deepEqual(errorsOf(yaml('connections:\n  - just-a-string\n')), ['connections[0]: expected a mapping, got a string']);
});

test('no error message ever contains a key value', () => {
  const literal = 'sk-literal-SECRET-value-999';
  const results = [
    yaml(`connections:\n  - {provider: foo, label: a, apiKey: ${literal}}\n  - {provider: foo, label: a, apiKey: ${literal}}\n`),
    yaml(`connections:\n  - {provider: openai, label: a, apiKey: ${literal}, priority: 1.5, extra: 1}\n`),
    yaml(`connections:\n  - provider: openai\n    apiKey: ${literal}: nested\n`),
    yaml(`connections:\n  - {provider: openai, label: a, apiKey: "${literal}}\n`),
    parseConfig(`{"connections": [{"apiKey": ${literal}}]}`, { fileName: 'c.json', env, builtinProviderIds }),
    parseConfig(`{"connections": [{"apiKey": "${literal}", "provider": "openai", "label": 1}]}`, {
      fileName: 'c.json',
      env,
      builtinProviderIds,
    }),
    yaml('connections:\n  - {provider: foo, label: a, apiKey: env:OPENAI_API_KEY}\n'),
  ];
  for (const result of results) {
    const errors = errorsOf(result);
    assert.ok(errors.length > 0);
    for (const e of errors) {
      assert.ok(!e.includes(literal) && !e.includes('SECRET'), `leaked in: ${e}`);
      assert.ok(!e.includes(SECRET), `leaked env value in: ${e}`);
    }
  }
});

test('syntax errors carry the file name, line and column', () => {
  assert.deepEqual(errorsOf(yaml('server:\n  port: 1\n  port: 2\n')), ['omniroute.yaml:3:3: Map keys must be unique']);
  const tab = errorsOf(yaml('server:\n\tport: 1\n'));
  assert.equal(tab.length >= 1, true);
  assert.match(tab[0] ?? '', /^omniroute\.yaml:2:\d+: /);

  const json = errorsOf(parseConfig('{\n  "server": {"port": 1,}\n}', { fileName: 'c.json', env, builtinProviderIds }));
  assert.equal(json.length, 1);
  assert.match(json[0] ?? '', /^c\.json:2:\d+: invalid JSON: /);
  assert.deepEqual(errorsOf(parseConfig('{"server": ', { fileName: 'c.json', env, builtinProviderIds })), [
    'c.json: invalid JSON: Unexpected end of JSON input',
  ]);
});

test('the file type comes from the extension', () => {
  assert.deepEqual(errorsOf(parseConfig('{}', { fileName: 'config.toml', env, builtinProviderIds })), [
    'config.toml: unsupported file type ".toml"; use .yaml, .yml or .json',
  ]);
  assert.equal(parseConfig('server: {port: 1}', { fileName: 'a.yml', env, builtinProviderIds }).ok, true);
  // YAML flow syntax is not JSON: the .json extension really selects JSON.parse.
  assert.equal(parseConfig('server: {port: 1}', { fileName: 'a.json', env, builtinProviderIds }).ok, false);
  assert.equal(parseConfig('\uFEFF{"server": {}}', { fileName: 'bom.json', env, builtinProviderIds }).ok, true);
});

test('server.apiKeys resolve env: references and report missing ones by index', () => {
  const ok = parseConfig('server:\n  apiKeys: [literal-key, "env:GW_KEY"]\n', { fileName: 'c.yaml', env: { GW_KEY: 'from-env' }, builtinProviderIds: [] });
  assert.ok(ok.ok);
  assert.deepEqual(ok.config.server.apiKeys, [
    { key: 'literal-key', label: 'key-1' },
    { key: 'from-env', label: 'key-2' },
  ]);
  const missing = parseConfig('server:\n  apiKeys: ["env:GW_NOPE"]\n', { fileName: 'c.yaml', env: {}, builtinProviderIds: [] });
  assert.ok(!missing.ok);
  assert.deepEqual(missing.errors, ['server.apiKeys[0]: environment variable GW_NOPE is not set']);
});

test('server connection caps and timeouts are positive integers', () => {
  const ok = yaml('server:\n  maxConnections: 100\n  maxConnectionsPerAddress: 10\n  headersTimeoutMs: 5000\n  requestTimeoutMs: 60000\n  keepAliveTimeoutMs: 5000\n');
  assert.ok(ok.ok);
  assert.equal(ok.ok && ok.config.server.maxConnectionsPerAddress, 10);
  assert.deepEqual(errorsOf(yaml('server:\n  maxConnections: 0\n  headersTimeoutMs: -1\n')), [
    'server.maxConnections: must be a positive integer (connections)',
    'server.headersTimeoutMs: must be a positive integer (milliseconds)',
  ]);
});

test('apiKey may be left out for a model server on this machine or a custom provider, not for a cloud provider', () => {
  const text = [
    'providers:',
    '  - id: my-box',
    '    format: openai-chat',
    '    baseUrl: http://127.0.0.1:5000/v1',
    'connections:',
    '  - provider: ollama',
    '    label: laptop',
    '    baseUrl: http://127.0.0.1:11434',
    '  - provider: my-box',
    '    label: main',
    '  - provider: openai',
    '    label: nokey',
  ].join('\n');
  const options = { fileName: 'c.yaml', env, builtinProviderIds: [...builtinProviderIds, 'ollama'], keylessProviderIds: ['ollama'] };
  assert.deepEqual(errorsOf(parseConfig(text, options)), ['connections[2].apiKey: required for provider "openai" (only model servers on this machine and custom providers may go without)']);
  const fine = parseConfig(text.split('\n').slice(0, -2).join('\n'), options);
  assert.ok(fine.ok);
  assert.deepEqual(
    fine.config.connections.map((c) => [c.provider, c.label, 'apiKey' in c]),
    [
      ['ollama', 'laptop', false],
      ['my-box', 'main', false],
    ],
  );
});
