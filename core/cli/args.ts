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

export const SERVE_USAGE = `Usage: npm run serve -- [--host 127.0.0.1] [--port 20128] [--data-dir DIR] [--config FILE] [--dashboard DIR]
       npm run serve -- login-link [--host H] [--port P] [--data-dir DIR]   (a new one-time dashboard login link)`;

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
