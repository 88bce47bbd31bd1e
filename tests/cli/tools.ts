/**
 * How each real coding CLI is pointed at the gateway and driven headless: its own config
 * files in a throwaway HOME, the environment that switches its telemetry and update checks
 * off, the command line of a one-shot prompt, and where its final answer is printed.
 *
 * The CLIs are installed from npm into tests/clients (its own package and lockfile, so the
 * gateway's `npm ci` stays small); `npm test` installs them when they are missing.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WireFormat } from '../../core/formats/canonical.js';

export const CLIENTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'clients');
export const CLIENTS_BIN = join(CLIENTS_DIR, 'node_modules', '.bin');

/** What one run of a tool needs. */
export interface RunSetup {
  /** The gateway's base URL, e.g. http://127.0.0.1:1234. */
  gatewayUrl: string;
  /** The model name the tool asks for (a gateway alias). */
  model: string;
  /** The gateway key the tool sends. */
  apiKey: string;
  /** The throwaway HOME, already created. */
  home: string;
  /** The tool's working directory, already created. */
  workdir: string;
  prompt: string;
  /** Claude Code only: ask for extended thinking. */
  thinking?: boolean;
}

export interface Invocation {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Reads the tool's final answer from what it printed (and the files it wrote). */
  answer(stdout: string): Promise<string>;
}

export interface CliTool {
  /** Short id used in test names and fixture paths. */
  id: string;
  /** The npm package it comes from (its version is read from tests/clients). */
  packageName: string;
  /** The wire format it speaks to the gateway. */
  format: WireFormat;
  prepare(setup: RunSetup): Promise<Invocation>;
}

/** Environment every tool gets: nothing phones home, nothing auto-updates. */
export function quietEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    // Any request that is not for 127.0.0.1 goes to a closed local port and fails at once.
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    http_proxy: 'http://127.0.0.1:9',
    https_proxy: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    DO_NOT_TRACK: '1',
    NO_UPDATE_NOTIFIER: '1',
    CI: '1',
    TERM: 'dumb',
    NO_COLOR: '1',
  };
}

async function writeConfig(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, { mode: 0o600 });
}

function lastJsonLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    try {
      return JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      continue;
    }
  }
  throw new Error(`no JSON result in the tool's output:\n${stdout.slice(-2000)}`);
}

const claudeCode: CliTool = {
  id: 'claude-code',
  packageName: '@anthropic-ai/claude-code',
  format: 'anthropic',
  async prepare(s) {
    const env: Record<string, string> = {
      ANTHROPIC_BASE_URL: s.gatewayUrl,
      ANTHROPIC_API_KEY: s.apiKey,
      ANTHROPIC_DEFAULT_HAIKU_MODEL: s.model,
      ANTHROPIC_DEFAULT_SONNET_MODEL: s.model,
      ANTHROPIC_DEFAULT_OPUS_MODEL: s.model,
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_ERROR_REPORTING: '1',
      DISABLE_BUG_COMMAND: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    };
    if (s.thinking) env.MAX_THINKING_TOKENS = '4000';
    return {
      command: join(CLIENTS_BIN, 'claude'),
      args: ['-p', s.prompt, '--model', s.model, '--allowedTools', 'Read', '--output-format', 'json'],
      env,
      async answer(stdout) {
        const result = lastJsonLine(stdout);
        if (result.is_error === true) throw new Error(`claude reported an error: ${String(result.result)}`);
        return String(result.result);
      },
    };
  },
};

const codex: CliTool = {
  id: 'codex',
  packageName: '@openai/codex',
  format: 'openai-responses',
  async prepare(s) {
    const codexHome = join(s.home, '.codex');
    await writeConfig(
      join(codexHome, 'config.toml'),
      [
        `model = "${s.model}"`,
        'model_provider = "omniroute"',
        'check_for_update_on_startup = false',
        '[analytics]',
        'enabled = false',
        '[otel]',
        'exporter = "none"',
        '[model_providers.omniroute]',
        'name = "OmniRoute"',
        `base_url = "${s.gatewayUrl}/v1"`,
        'env_key = "OMNIROUTE_KEY"',
        'wire_api = "responses"',
        '',
      ].join('\n'),
    );
    const lastMessage = join(s.home, 'codex-last-message.txt');
    return {
      command: join(CLIENTS_BIN, 'codex'),
      args: ['exec', '--skip-git-repo-check', '-s', 'danger-full-access', '-o', lastMessage, s.prompt],
      env: { CODEX_HOME: codexHome, OMNIROUTE_KEY: s.apiKey },
      async answer() {
        return readFile(lastMessage, 'utf8');
      },
    };
  },
};

/** Gemini CLI and its fork Qwen Code share the settings layout. */
function geminiSettings(authType: string): string {
  return JSON.stringify({
    security: { auth: { selectedType: authType } },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    general: { disableAutoUpdate: true, disableUpdateNag: true },
  });
}

const geminiCli: CliTool = {
  id: 'gemini-cli',
  packageName: '@google/gemini-cli',
  format: 'gemini',
  async prepare(s) {
    await writeConfig(join(s.home, '.gemini', 'settings.json'), geminiSettings('gemini-api-key'));
    return {
      command: join(CLIENTS_BIN, 'gemini'),
      args: ['-p', s.prompt, '-m', s.model, '--yolo', '--output-format', 'json'],
      env: { GEMINI_API_KEY: s.apiKey, GOOGLE_GEMINI_BASE_URL: s.gatewayUrl, GEMINI_CLI_TRUST_WORKSPACE: 'true' },
      async answer(stdout) {
        const start = stdout.indexOf('{\n');
        const result = JSON.parse(start >= 0 ? stdout.slice(start) : stdout) as { response?: unknown; error?: unknown };
        if (result.error) throw new Error(`gemini reported an error: ${JSON.stringify(result.error)}`);
        return String(result.response);
      },
    };
  },
};

const qwenCode: CliTool = {
  id: 'qwen-code',
  packageName: '@qwen-code/qwen-code',
  format: 'openai-chat',
  async prepare(s) {
    await writeConfig(join(s.home, '.qwen', 'settings.json'), geminiSettings('openai'));
    return {
      command: join(CLIENTS_BIN, 'qwen'),
      args: ['-p', s.prompt, '--yolo'],
      env: { OPENAI_API_KEY: s.apiKey, OPENAI_BASE_URL: `${s.gatewayUrl}/v1`, OPENAI_MODEL: s.model, QWEN_CODE_SUPPRESS_YOLO_WARNING: '1' },
      async answer(stdout) {
        return stdout;
      },
    };
  },
};

const opencode: CliTool = {
  id: 'opencode',
  packageName: 'opencode-ai',
  format: 'openai-chat',
  async prepare(s) {
    await writeConfig(
      join(s.home, '.config', 'opencode', 'opencode.json'),
      JSON.stringify({
        autoupdate: false,
        share: 'disabled',
        // Headless runs reject every permission prompt; the test's files are outside the
        // project opencode detects, so reading them is allowed up front.
        permission: { read: 'allow', external_directory: 'allow' },
        provider: {
          omniroute: {
            npm: '@ai-sdk/openai-compatible',
            name: 'OmniRoute',
            options: { baseURL: `${s.gatewayUrl}/v1`, apiKey: s.apiKey },
            models: { [s.model]: { name: s.model, tool_call: true } },
          },
        },
      }),
    );
    return {
      command: join(CLIENTS_BIN, 'opencode'),
      args: ['run', '-m', `omniroute/${s.model}`, s.prompt],
      env: { OPENCODE_DISABLE_MODELS_FETCH: '1', OPENCODE_DISABLE_AUTOUPDATE: '1', OPENCODE_DISABLE_LSP_DOWNLOAD: '1', OPENCODE_DISABLE_SHARE: '1' },
      async answer(stdout) {
        return stdout;
      },
    };
  },
};

const continueCli: CliTool = {
  id: 'continue',
  packageName: '@continuedev/cli',
  format: 'openai-chat',
  async prepare(s) {
    const config = join(s.home, '.continue', 'config.yaml');
    await writeConfig(
      config,
      [
        'name: omniroute',
        'version: 0.0.1',
        'schema: v1',
        'models:',
        `  - name: ${s.model}`,
        '    provider: openai',
        `    model: ${s.model}`,
        `    apiBase: ${s.gatewayUrl}/v1`,
        `    apiKey: ${s.apiKey}`,
        '    roles: [chat, edit, apply]',
        '',
      ].join('\n'),
    );
    return {
      command: join(CLIENTS_BIN, 'cn'),
      args: ['-p', s.prompt, '--config', config, '--auto'],
      env: { CONTINUE_TELEMETRY_ENABLED: '0', CONTINUE_CLI_DISABLE_UPDATE_CHECK: '1' },
      async answer(stdout) {
        return stdout;
      },
    };
  },
};

export const CLI_TOOLS: readonly CliTool[] = [claudeCode, codex, geminiCli, opencode, qwenCode, continueCli];

/** The installed version of a tool's package, from tests/clients/node_modules. */
export async function installedVersion(tool: CliTool): Promise<string> {
  const manifest = JSON.parse(await readFile(join(CLIENTS_DIR, 'node_modules', tool.packageName, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
