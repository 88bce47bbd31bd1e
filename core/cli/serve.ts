/**
 * `omniroute serve` (`npm run serve` in a checkout): the gateway and its dashboard with no
 * Electron, for servers, containers and machines without a desktop. Users run it bundled
 * (scripts/build-serve.mjs writes dist/cli/omniroute.js); tests run this file through tsx.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGateway, DEFAULT_HOST, DEFAULT_PORT, GatewayStartError } from '../gateway.js';
import { parseServeArgs, parseServeCommand } from './args.js';
import { ensurePrivateDataDir } from '../private-data-dir.js';
import { createLoginToken, LOGIN_LINK_TTL_MS, loginUrl } from '../server/login-links.js';
import { browserBaseUrl } from '../server/management-auth.js';

// This file (core/cli/) and its bundle (dist/cli/) both sit two levels under the package
// root, so one relative URL finds the built dashboard from either; tests/serve-built.test.ts
// checks the bundle's side.
const bundledDashboard = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

// Name the way back that works for how this process was started (npm says which in
// npm_lifecycle_event): the bin is not on PATH in a checkout, and `npm run serve` exists
// only there.
const LOGIN_LINK_COMMANDS: Readonly<Record<string, string>> = { serve: 'npm run serve -- login-link', npx: 'npx omniroute login-link' };
const LOGIN_LINK_COMMAND = LOGIN_LINK_COMMANDS[process.env.npm_lifecycle_event ?? ''] ?? 'omniroute login-link';
const LINK_NOTE = `one-time, valid ${LOGIN_LINK_TTL_MS / 60_000} minutes; \`${LOGIN_LINK_COMMAND}\` prints another`;

async function main(): Promise<void> {
  const { command, argv } = parseServeCommand(process.argv.slice(2));
  if (command === 'login-link') return printLoginLink(argv);
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
