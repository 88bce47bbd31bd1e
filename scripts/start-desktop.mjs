// `npm start`: builds and runs the desktop app. Electron's binary is downloaded by its
// install script; where that cannot happen (offline, CI with ELECTRON_SKIP_BINARY_DOWNLOAD)
// this says so plainly and points at the headless mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = join(root, 'node_modules', 'electron');
const NO_ELECTRON =
  'Electron could not be downloaded, so the desktop app cannot start on this machine.\n' +
  'Run `npm run serve` for the headless gateway, with the dashboard in a browser.';

function fail(message) {
  console.error(message);
  process.exit(1);
}

if (!existsSync(join(electronDir, 'package.json'))) fail(NO_ELECTRON);

if (!existsSync(join(electronDir, 'path.txt'))) {
  // The user asked for the app, so a skip flag left in the environment does not apply here.
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  console.log('Downloading Electron…');
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, env, encoding: 'utf8' });
  if (!existsSync(join(electronDir, 'path.txt'))) {
    const reason = `${install.stderr ?? ''}${install.error?.message ?? ''}`.trim().split('\n')[0];
    fail(reason ? `${NO_ELECTRON}\n(${reason})` : NO_ELECTRON);
  }
}

// npm sets npm_execpath when it runs this script; elsewhere fall back to npm on PATH.
const npm = process.env.npm_execpath
  ? { cmd: process.execPath, args: [process.env.npm_execpath] }
  : { cmd: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: [] };
const built = spawnSync(npm.cmd, [...npm.args, 'run', 'build'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32' && !process.env.npm_execpath,
});
if (built.status !== 0) fail('The build failed; see the output above.');

// The electron package resolves to its binary's path (and honours ELECTRON_OVERRIDE_DIST_PATH).
const electronBinary = createRequire(join(root, 'package.json'))('electron');
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electronBinary, [root], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!child.killed) child.kill(signal);
  });
}
child.on('error', (err) => fail(`Electron did not start: ${err.message}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
