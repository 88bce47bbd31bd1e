/**
 * `npm run serve`: the gateway and its dashboard with no Electron, for servers, containers
 * and machines without a desktop.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGateway, DEFAULT_HOST, DEFAULT_PORT, GatewayStartError } from '../gateway.js';
import { parseServeArgs } from './args.js';
import { ensurePrivateDataDir } from '../private-data-dir.js';
import { createLoginToken, LOGIN_LINK_TTL_MS, loginUrl } from '../server/login-links.js';
import { browserBaseUrl } from '../server/management-auth.js';

const bundledDashboard = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

const LINK_NOTE = `one-time, valid ${LOGIN_LINK_TTL_MS / 60_000} minutes; \`npm run serve -- login-link\` prints another`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'login-link') return printLoginLink(argv.slice(1));
  const args = parseServeArgs(argv, process.env);
  // Created owner-only before anything writes into it (it holds prompts and keys).
  ensurePrivateDataDir(args.dataDir);
  const rendererDir = args.rendererDir ?? (existsSync(bundledDashboard) ? bundledDashboard : undefined);
  const gateway = await createGateway({
    dataDir: args.dataDir,
    ...(args.host ? { host: args.host } : {}),
    ...(args.port !== undefined ? { port: args.port } : {}),
    ...(args.configPath ? { configPath: args.configPath } : {}),
    ...(rendererDir ? { rendererDir } : {}),
  });
  let listening;
  try {
    listening = await gateway.start();
  } catch (err) {
    await gateway.stop();
    throw err;
  }
  const dashboard = rendererDir ? '' : ' (dashboard not built: run npm run build)';
  console.log(`OmniRoute gateway listening on ${listening.url}${dashboard}`);
  if (rendererDir) console.log(`Dashboard login: ${gateway.loginLink()} (${LINK_NOTE})`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    gateway.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * `serve login-link`: a new dashboard login link while the gateway runs (or before it
 * starts). Written into the data dir, which only the user can write to, so running this is
 * the proof of who you are; the gateway needs no message from this process.
 */
function printLoginLink(argv: string[]): void {
  const args = parseServeArgs(argv, process.env);
  ensurePrivateDataDir(args.dataDir);
  const token = createLoginToken(args.dataDir);
  console.log(loginUrl(browserBaseUrl(args.host ?? DEFAULT_HOST, args.port ?? DEFAULT_PORT), token));
  console.error(`(${LINK_NOTE}; pass --port/--host if the gateway does not use the defaults)`);
}

main().catch((err: unknown) => {
  if (err instanceof GatewayStartError) {
    console.error(`omniroute: ${err.message}`);
    for (const line of err.details) console.error(`  ${line}`);
  } else {
    console.error(`omniroute: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
});
