/** A gateway as a first run finds it: no config file, an empty data dir, the strict mock as the only upstream. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, type Gateway } from '../../core/gateway.js';
import { createSecretStore } from '../../core/secrets/index.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/index.js';

export const RENDERER_DIR = join(import.meta.dirname, '..', '..', 'dist', 'renderer');

export interface FirstRun {
  gw: Gateway;
  url: string;
  mock: MockUpstream;
  close(): Promise<void>;
}

export async function startFirstRun(): Promise<FirstRun> {
  const mock = await startMockUpstream();
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-dashboard-setup-'));
  const gw = await createGateway({
    dataDir,
    port: 0,
    rendererDir: RENDERER_DIR,
    env: process.env,
    secrets: await createSecretStore({ dataDir, preferKeychain: false }),
  });
  const { url } = await gw.start();
  return {
    gw,
    url,
    mock,
    async close() {
      await gw.stop();
      await mock.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
