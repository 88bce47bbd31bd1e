/**
 * Recorded requests of the real coding CLIs: tests/fixtures/cli-requests/<tool>/<case>.json.
 * Written by the CLI matrix when OMNIROUTE_RECORD_FIXTURES=1 (`npm run record:cli-fixtures`),
 * read by the codec fixture tests. Each file names the tool's version, so a test fails when
 * tests/clients moves to a release whose requests were not recorded yet.
 *
 * Only model requests are kept, with credentials already replaced by the recording proxy and
 * the run's temporary paths replaced by placeholders, so a re-recording changes a fixture only
 * where the tool changed what it sends.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isChatCall } from './cli-harness.js';
import type { RecordedCall } from './recording-proxy.js';
import { installedVersion, type CliTool } from './tools.js';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cli-requests');

export interface CliFixture {
  tool: string;
  packageName: string;
  version: string;
  case: string;
  calls: RecordedCall[];
}

export function recordingRequested(): boolean {
  return process.env.OMNIROUTE_RECORD_FIXTURES === '1';
}

/** Temporary directories, ports and random words differ on every run. */
function stable(text: string): string {
  return text
    .replace(/\/tmp\/omniroute-cli-[A-Za-z0-9._-]+/g, '<tmp>')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
    .replace(/\b(parrot|codeword|alpha|bravo|charlie)-[a-z0-9]{4,10}\b/g, '$1-<word>');
}

export async function recordFixture(tool: CliTool, name: string, calls: readonly RecordedCall[]): Promise<void> {
  const fixture: CliFixture = {
    tool: tool.id,
    packageName: tool.packageName,
    version: await installedVersion(tool),
    case: name,
    calls: calls.filter((c) => isChatCall(c.path)),
  };
  const path = join(FIXTURES_DIR, tool.id, `${name}.json`);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, stable(JSON.stringify(fixture, null, 2)) + '\n');
}

export async function loadFixtures(): Promise<CliFixture[]> {
  const out: CliFixture[] = [];
  for (const tool of await readdir(FIXTURES_DIR)) {
    for (const file of await readdir(join(FIXTURES_DIR, tool))) {
      if (file.endsWith('.json')) out.push(JSON.parse(await readFile(join(FIXTURES_DIR, tool, file), 'utf8')) as CliFixture);
    }
  }
  return out;
}
