/**
 * The installers' promises (README, "Releasing"): NSIS, DMG, AppImage and deb built from
 * electron-builder.yml by .github/workflows/release.yml. Neither the installers nor the
 * Electron-ABI rebuild can be made offline, so this checks what can be: the configuration
 * through electron-builder's own loader, schema and target code, the Linux targets' package
 * metadata computed by electron-builder up to the point where it would download its toolsets,
 * and the release workflow's steps. tests/packaging.test.ts packs the app itself (--dir).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import type { Configuration } from 'electron-builder';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

// electron-builder's own code (app-builder-lib is the package electron-builder runs).
const configLib = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: Configuration | null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: unknown): Promise<void>;
};
const { DebugLogger, log } = require('builder-util') as {
  DebugLogger: new (isEnabled: boolean) => unknown;
  log: { stream: { write(chunk: string): boolean } };
};
const { getPngSize } = require('app-builder-lib/out/util/iconConverter.js') as {
  getPngSize(file: string): Promise<{ width: number; height: number }>;
};
const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
  FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns: string[]) => {
    createFilter(): (file: string, stat: Pick<Stats, 'isDirectory'>) => boolean;
  };
};
const FpmTarget = (require('app-builder-lib/out/targets/FpmTarget.js') as { default: { prototype: { getDefaultDepends(target: string): string[] } } }).default;

// electron-builder logs each step to its logger's stream; keep it for failure messages
// instead of the test output.
const builderLog: string[] = [];
log.stream = { write: (chunk) => builderLog.push(String(chunk)) > 0 };

/** The file as electron-builder itself loads it (package.json merged in, defaults applied). */
const loadedConfig = configLib.getConfig(root, null, null);
/** The file as written: what the release job gets when no -c overrides are passed. */
const rawConfig = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { homepage?: string; version: string };

const PLATFORMS = ['mac', 'win', 'linux'] as const;

function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? target : target == null ? [] : [target];
  return list.map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));
}

function asArray<T>(value: T | T[] | null | undefined): T[] {
  return value == null ? [] : Array.isArray(value) ? value : [value];
}

test('electron-builder.yml passes electron-builder\'s own schema validation', async () => {
  const config = await loadedConfig;
  await configLib.validateConfiguration(config, new DebugLogger(false));
  // The validator is strict, so passing means something: a misspelt option is refused.
  await assert.rejects(
    configLib.validateConfiguration({ ...config, nsis: { ...config.nsis, perMachne: false } as never }, new DebugLogger(false)),
    /configuration\.nsis/,
  );
});

test('an installer per platform: NSIS on Windows, DMG on macOS, AppImage and deb on Linux', async () => {
  const config = await loadedConfig;
  assert.ok(targetNames(config.win?.target).includes('nsis'), 'win: nsis');
  assert.ok(targetNames(config.mac?.target).includes('dmg'), 'mac: dmg');
  // electron-updater installs macOS updates from the zip, never from the dmg.
  assert.ok(targetNames(config.mac?.target).includes('zip'), 'mac: zip for the updater');
  for (const linux of ['AppImage', 'deb']) {
    assert.ok(targetNames(config.linux?.target).includes(linux), `linux: ${linux}`);
  }
  // A per-user, assisted installer: no UAC prompt (silent updates), the user picks the folder.
  assert.equal(config.nsis?.oneClick, false);
  assert.equal(config.nsis?.perMachine, false);
  assert.equal(config.nsis?.deleteAppDataOnUninstall ?? false, false, 'an uninstall keeps the user\'s keys and logs');
});

test('app id, an icon of at least 512x512 for every platform, and no file associations', async () => {
  const config = await loadedConfig;
  // Changing it orphans installs: Windows' app user model id, macOS' bundle id and settings.
  assert.equal(config.appId, 'dev.omniroute.desktop');

  for (const platform of PLATFORMS) {
    const icon = config[platform]?.icon ?? config.icon;
    assert.ok(icon, `${platform} has an icon`);
    const candidates = [join(root, icon), join(root, config.directories?.buildResources ?? 'build', icon)];
    const file = candidates.find((f) => existsSync(f));
    assert.ok(file, `${platform}: ${icon} exists`);
    assert.deepEqual([...readFileSync(file).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${icon} is a PNG`);
    // .icns needs 512 (electron-builder refuses less), .ico 256; Linux installs it as is.
    const { width, height } = await getPngSize(file);
    assert.equal(width, height, `${icon} is square`);
    assert.ok(width >= 512, `${icon} is ${width}x${height}, below 512x512`);
  }

  for (const scope of [config, config.mac, config.win, config.linux]) {
    assert.deepEqual(asArray(scope?.fileAssociations), [], 'no file associations');
  }
});

test('asar on, with better-sqlite3\'s and keytar\'s native binaries unpacked', async () => {
  const config = await loadedConfig;
  assert.equal(config.asar, true);
  const patterns = asArray(config.asarUnpack as string | string[] | undefined);
  // Matched the way electron-builder matches asarUnpack (its FileMatcher, minimatch with dot).
  const unpacks = new FileMatcher(root, root, (s) => s, patterns).createFilter();
  const file = { isDirectory: () => false };
  for (const binary of ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/keytar/build/Release/keytar.node']) {
    assert.ok(unpacks(join(root, binary), file), `${binary} is unpacked by ${JSON.stringify(patterns)}`);
  }
  assert.equal(unpacks(join(root, 'dist/main/main.js'), file), false, 'the app\'s own code stays in the asar');
});

test('the release job can rebuild for Electron: npmRebuild on, no stand-in Electron in the file', () => {
  // The offline CI passes -c.npmRebuild=false and -c.electronDist on the command line only; in
  // the file they would ship Node-ABI binaries, or a stub for Electron, in a real release.
  assert.notEqual(rawConfig.npmRebuild, false);
  assert.equal(rawConfig.electronDist, undefined);
  assert.equal(rawConfig.buildDependenciesFromSource ?? false, false, 'prebuilt Electron binaries are fine');
});

test('the update feed: GitHub releases, uploaded as drafts', async () => {
  const config = await loadedConfig;
  const feeds = asArray(config.publish as Record<string, unknown> | Record<string, unknown>[]);
  assert.equal(feeds.length, 1);
  const feed = feeds[0]!;
  assert.equal(feed.provider, 'github');
  assert.match(String(feed.owner), /^[\w.-]+$/);
  assert.match(String(feed.repo), /^[\w.-]+$/);
  // Updaters see a release only once a maintainer publishes it, after all three jobs passed.
  assert.equal(feed.releaseType, 'draft');
});

test('the deb depends on libsecret for keytar and keeps Electron\'s own libraries', async () => {
  const config = await loadedConfig;
  const depends = asArray(config.deb?.depends);
  const alternatives = depends.flatMap((d) => d.split('|').map((a) => a.trim()));
  // Setting depends replaces electron-builder's list, so each of its entries must still be there.
  for (const lib of FpmTarget.prototype.getDefaultDepends('deb')) {
    assert.ok(alternatives.includes(lib), `${lib} (electron-builder's default) is kept`);
  }
  for (const lib of ['libsecret-1-0', 'libgbm1', 'libasound2', 'libasound2t64']) {
    assert.ok(alternatives.includes(lib), `${lib} is a dependency`);
  }
  // fpm refuses to build without a maintainer address; package.json's author has none.
  assert.match(String(config.deb?.maintainer ?? config.linux?.maintainer), /^.+ <[^@\s]+@[^@\s]+>$/);
  assert.ok(packageJson.homepage, 'the deb needs a homepage');
});

/** A folder electron-builder takes for Electron: a stub binary with a fuse wire, version, licences. */
function standInElectron(dir: string): string {
  mkdirSync(dir);
  const { SENTINEL } = require('@electron/fuses/dist/constants.js') as { SENTINEL: string };
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from(`#!/bin/sh\nexit 1\n# ${SENTINEL}`), Buffer.from([1, 8]), Buffer.from('10110001\n')]));
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), '38.8.6');
  writeFileSync(join(dir, 'LICENSE'), '');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '');
  return dir;
}

function desktopEntry(text: string): Map<string, string> {
  const lines = text.split('\n').filter((l) => l.includes('='));
  return new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

test('deb and AppImage: electron-builder computes their package metadata from this config', { timeout: 120_000 }, async () => {
  // electron-builder's own hook, called with each target's final options just before it would
  // download fpm or the AppImage toolset; returning true stops there.
  const { build, Platform, Arch } = require('electron-builder') as typeof import('electron-builder');
  const work = mkdtempSync(join(tmpdir(), 'omniroute-installers-'));
  const seen: { deb?: { args: string[]; desktop: string }; appImage?: { desktop: string; desktopFileName: string } } = {};
  builderLog.length = 0;
  try {
    const out = join(work, 'out');
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget(['deb', 'AppImage'], Arch.x64),
      publish: 'never',
      config: { electronDist: standInElectron(join(work, 'electron-dist')), electronVersion: '38.8.6', npmRebuild: false, directories: { output: out } },
      effectiveOptionComputed: async (options: unknown) => {
        if (Array.isArray(options)) seen.deb = { args: options[0] as string[], desktop: readFileSync(options[1] as string, 'utf8') };
        else seen.appImage = options as { desktop: string; desktopFileName: string };
        return true;
      },
    }).catch((err: Error) => assert.fail(`electron-builder failed: ${err.message}\n${builderLog.join('')}`));
    assert.ok(seen.deb && seen.appImage, `both targets reached their build step\n${builderLog.join('')}`);

    const arg = (name: string) => seen.deb!.args[seen.deb!.args.indexOf(name) + 1];
    assert.equal(arg('--name'), 'omniroute-desktop');
    assert.match(arg('--maintainer') ?? '', /<.+@.+>/);
    assert.equal(arg('--url'), packageJson.homepage);
    assert.equal(arg('--version'), packageJson.version);
    const installs = seen.deb.args.filter((a) => a.includes('=/'));
    assert.ok(installs.includes(`${join(root, 'resources/icon.png')}=/usr/share/icons/hicolor/512x512/apps/omniroute-desktop.png`), installs.join('\n'));
    assert.ok(installs.some((a) => a.endsWith('=/usr/share/applications/omniroute-desktop.desktop')), installs.join('\n'));

    // The launcher entry both packages install; the window ties to it through desktopName,
    // which electron-builder writes into the packed package.json for Electron to read.
    const config = await loadedConfig;
    const desktopName = String((config.extraMetadata as { desktopName?: string } | undefined)?.desktopName);
    assert.equal(seen.appImage.desktopFileName, desktopName);
    for (const text of [seen.deb.desktop, seen.appImage.desktop]) {
      const entry = desktopEntry(text);
      assert.equal(entry.get('Name'), 'OmniRoute Desktop');
      assert.equal(entry.get('Icon'), 'omniroute-desktop');
      assert.equal(entry.get('StartupWMClass'), desktopName.replace(/\.desktop$/, ''));
      assert.equal(entry.get('Categories'), 'Development;');
      assert.equal(entry.get('MimeType'), undefined, 'no file types claimed');
    }
    assert.match(desktopEntry(seen.deb.desktop).get('Exec') ?? '', /^"\/opt\/OmniRoute Desktop\/omniroute-desktop" %U$/);

    const asar = require('@electron/asar') as { extractFile(archive: string, file: string): Buffer };
    const packed = JSON.parse(asar.extractFile(join(out, 'linux-unpacked/resources/app.asar'), 'package.json').toString()) as { desktopName?: string };
    assert.equal(packed.desktopName, desktopName);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

test('the release workflow rebuilds for Electron, checks the ABI and publishes on Linux, macOS and Windows', () => {
  const text = readFileSync(join(root, '.github/workflows/release.yml'), 'utf8');
  const workflow = parse(text) as {
    on: { push?: { tags?: string[] } };
    permissions?: Record<string, string>;
    jobs: Record<string, { 'runs-on': string; strategy?: { matrix: { include: Array<{ os: string; platform: string }> } }; steps: Step[] }>;
  };
  assert.ok(workflow.on.push?.tags?.includes('v*'), 'a v* tag starts a release');
  assert.equal(workflow.permissions?.contents, 'write', 'the token may upload release assets');

  const job = Object.values(workflow.jobs).find((j) => j.strategy?.matrix);
  assert.ok(job, 'a job per OS');
  assert.equal(job['runs-on'], '${{ matrix.os }}');
  const osFor = new Map(job.strategy!.matrix.include.map((e) => [e.platform, e.os]));
  assert.match(osFor.get('linux') ?? '', /^ubuntu-/);
  assert.match(osFor.get('mac') ?? '', /^macos-/);
  assert.match(osFor.get('win') ?? '', /^windows-/);

  const steps = job.steps;
  const at = (what: string, pattern: RegExp) => {
    const i = steps.findIndex((s) => pattern.test(s.run ?? ''));
    assert.ok(i >= 0, `a step that ${what}`);
    return i;
  };
  const setupNode = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
  assert.equal(String(setupNode?.with?.['node-version']), '20');

  const system = at('installs libsecret', /libsecret-1-dev/);
  assert.equal(steps[system]!.if, "runner.os == 'Linux'");
  const install = at('installs the dependencies', /^npm ci\b/m);
  const electron = at('fetches the Electron binary', /node_modules\/electron\/install\.js/);
  const buildApp = at('builds', /^npm run build$/m);
  const rebuild = at('rebuilds the native modules for Electron', /electron-builder install-app-deps/);
  const check = at('loads them in Electron', /ELECTRON_RUN_AS_NODE/);
  assert.match(steps[check]!.run!, /better-sqlite3/);
  assert.match(steps[check]!.run!, /keytar/);
  assert.match(steps[check]!.run!, /NODE_MODULE_VERSION/, 'and checks Node refuses them');
  const publish = at('packs and publishes', /electron-builder --\$\{\{ matrix\.platform \}\} --publish/);
  assert.match(steps[publish]!.run!, /'always'/, 'a tag publishes');
  assert.match(steps[publish]!.env?.GH_TOKEN ?? '', /secrets\./);
  assert.doesNotMatch(steps[publish]!.run!, /npmRebuild|electronDist/, 'the real config, not the offline one');
  const shipped = steps.findIndex((s, i) => i > publish && /asar\\?\.unpacked/.test(s.run ?? '') && /ELECTRON_RUN_AS_NODE/.test(s.run ?? ''));
  assert.ok(shipped > publish, 'the packed .node files are loaded in Electron too');

  assert.deepEqual(
    [system, install, electron, buildApp, rebuild, check, publish].sort((a, b) => a - b),
    [system, install, electron, buildApp, rebuild, check, publish],
    'in this order',
  );
  for (const i of [install, electron, buildApp, rebuild, check, publish, shipped]) {
    assert.equal(steps[i]!.if, undefined, `"${steps[i]!.name ?? steps[i]!.run}" runs on every OS`);
  }
  // The real Electron is the point of this job.
  assert.doesNotMatch(text, /ELECTRON_SKIP_BINARY_DOWNLOAD/);
});
