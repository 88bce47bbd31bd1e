/**
 * Launch settings the desktop app takes from its environment. OMNIROUTE_PORT moves the
 * gateway off 20128 (another program holds it, or `serve` runs next to the app).
 */
export const PORT_ENV = 'OMNIROUTE_PORT';

export interface LaunchOptions {
  port?: number;
  warnings: string[];
}

export function launchOptionsFromEnv(env: NodeJS.ProcessEnv): LaunchOptions {
  const raw = env[PORT_ENV]?.trim();
  if (!raw) return { warnings: [] };
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    return { warnings: [`${PORT_ENV}="${raw}" is not a port number (0-65535); using the default port.`] };
  }
  return { port, warnings: [] };
}
