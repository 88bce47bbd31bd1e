/**
 * The set-up lines README.md gives for each coding tool, with the real endpoint, gateway key
 * and model filled in. Claude Code and Gemini CLI take the gateway's root URL (they add their
 * own paths); Codex takes the OpenAI-style `/v1` base and reads its key from the variable
 * named by env_key.
 */
export interface SetupValues {
  /** The gateway's listening URL, e.g. http://127.0.0.1:20128 (no trailing slash). */
  endpoint: string;
  key: string;
  model: string;
}

export interface SetupBlock {
  /** Where the text goes: a shell line, or a file. */
  where: 'shell' | '~/.codex/config.toml';
  text: string;
}

export interface ClientSetup {
  id: 'claude-code' | 'codex' | 'gemini-cli';
  name: string;
  blocks: SetupBlock[];
}

/** Single-quotes a value for POSIX shells (keys and combo names are printable ASCII). */
function sh(value: string): string {
  return /^[A-Za-z0-9._\-/:@]+$/.test(value) ? value : `'${value.replaceAll("'", `'"'"'`)}'`;
}

/** A TOML basic string. */
function toml(value: string): string {
  return JSON.stringify(value);
}

export function clientSetups(v: SetupValues): ClientSetup[] {
  const root = v.endpoint.replace(/\/+$/, '');
  return [
    {
      id: 'claude-code',
      name: 'Claude Code',
      blocks: [{ where: 'shell', text: `ANTHROPIC_BASE_URL=${sh(root)} ANTHROPIC_AUTH_TOKEN=${sh(v.key)} ANTHROPIC_MODEL=${sh(v.model)} claude` }],
    },
    {
      id: 'codex',
      name: 'Codex CLI',
      blocks: [
        {
          where: '~/.codex/config.toml',
          text: [
            `model = ${toml(v.model)}`,
            `model_provider = "omniroute"`,
            `[model_providers.omniroute]`,
            `name = "OmniRoute"`,
            `base_url = ${toml(`${root}/v1`)}`,
            `wire_api = "responses"`,
            `env_key = "OMNIROUTE_API_KEY"`,
          ].join('\n'),
        },
        { where: 'shell', text: `OMNIROUTE_API_KEY=${sh(v.key)} codex` },
      ],
    },
    {
      id: 'gemini-cli',
      name: 'Gemini CLI',
      blocks: [{ where: 'shell', text: `GOOGLE_GEMINI_BASE_URL=${sh(root)} GEMINI_API_KEY=${sh(v.key)} gemini -m ${sh(v.model)}` }],
    },
  ];
}
