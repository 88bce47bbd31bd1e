/**
 * `npm run serve`: the gateway and its dashboard with no Electron, for servers, containers
 * and machines without a desktop.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGateway, GatewayStartError } from '../gateway.js';
import { parseServeArgs } from './args.js';
import { ensurePrivateDataDir } from '../private-data-dir.js';

const bundledDashboard = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

async function main(): Promise<void> {
  const args = parseServeArgs(process.argv.slice(2), process.env);
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
  const dashboard = rendererDir ? `, dashboard at ${listening.url}/` : ' (dashboard not built: run npm run build)';
  console.log(`OmniRoute gateway listening on ${listening.url}${dashboard}`);
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

main().catch((err: unknown) => {
  if (err instanceof GatewayStartError) {
    console.error(`omniroute: ${err.message}`);
    for (const line of err.details) console.error(`  ${line}`);
  } else {
    console.error(`omniroute: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
});
