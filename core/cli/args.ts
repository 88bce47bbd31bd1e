import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export interface ServeArgs {
  host?: string;
  port?: number;
  dataDir: string;
  configPath?: string;
  rendererDir?: string;
}

export const SERVE_USAGE = `Usage: omniroute [serve] [--host 127.0.0.1] [--port 20128] [--data-dir DIR] [--config FILE] [--dashboard DIR]
       omniroute [serve] login-link [--host H] [--port P] [--data-dir DIR]   (a new one-time dashboard login link)
From a checkout: npm run serve -- [flags]   or   npm run serve -- login-link [flags]`;

export interface ServeCommand {
  command: 'serve' | 'login-link';
  argv: string[];
}

/**
 * `omniroute serve --port 1234` names its command; `omniroute --port 1234` and
 * `core/cli/serve.ts --port 1234` (how tests and scripts have always started it) mean the
 * same, so the word is optional. `login-link` may follow either form.
 */
export function parseServeCommand(argv: readonly string[]): ServeCommand {
  const rest = argv[0] === 'serve' ? argv.slice(1) : argv.slice();
  if (rest[0] === 'login-link') return { command: 'login-link', argv: rest.slice(1) };
  return { command: 'serve', argv: rest };
}

/** Parses `serve` flags; throws an Error whose message is meant for the user. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv): ServeArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      dashboard: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) throw new Error(SERVE_USAGE);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got "${values.port}".`);
  }
  return {
    ...(values.host ? { host: values.host } : {}),
    ...(port !== undefined ? { port } : {}),
    dataDir: values['data-dir'] ?? env.OMNIROUTE_DATA_DIR ?? join(homedir(), '.omniroute'),
    ...(values.config ? { configPath: values.config } : {}),
    ...(values.dashboard ? { rendererDir: values.dashboard } : {}),
  };
}
