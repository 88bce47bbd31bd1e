import { isAbsolute } from 'node:path';

/**
 * Launch settings the desktop app takes from its environment. OMNIROUTE_PORT moves the
 * gateway off 20128 (another program holds it, or `serve` runs next to the app);
 * OMNIROUTE_CONFIG names a config file whose entries the app then shows as the file's, as
 * `serve --config` does.
 */
export const PORT_ENV = 'OMNIROUTE_PORT';
export const CONFIG_ENV = 'OMNIROUTE_CONFIG';

export interface LaunchOptions {
  port?: number;
  configPath?: string;
  warnings: string[];
}

export function launchOptionsFromEnv(env: NodeJS.ProcessEnv): LaunchOptions {
  const options: LaunchOptions = { warnings: [] };
  const rawPort = env[PORT_ENV]?.trim();
  if (rawPort) {
    const port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : NaN;
    if (!Number.isInteger(port) || port > 65535) options.warnings.push(`${PORT_ENV}="${rawPort}" is not a port number (0-65535); using the default port.`);
    else options.port = port;
  }
  const rawConfig = env[CONFIG_ENV]?.trim();
  if (rawConfig) {
    // An app started from a desktop entry has no meaningful working directory to resolve against.
    if (isAbsolute(rawConfig)) options.configPath = rawConfig;
    else options.warnings.push(`${CONFIG_ENV}="${rawConfig}" is not an absolute path; starting without a config file.`);
  }
  return options;
}
