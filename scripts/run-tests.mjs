// `npm test`: typecheck, build, then every test file (unit tests next to the code, suites
// under tests/) with Node's own runner. The keychain tests need a Secret Service: when none
// is running and dbus + gnome-keyring are installed, the run re-starts itself inside a
// private D-Bus session with a throwaway keyring, so the real keychain is tested and the
// user's own keyring is never touched.
//
//   npm test                  everything
//   npm test -- golden e2e    only files whose path contains one of the words (no build)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const filters = process.argv.slice(2);

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!process.env.DBUS_SESSION_BUS_ADDRESS && !process.env.OMNIROUTE_TEST_NO_DBUS && has('dbus-run-session') && has('gnome-keyring-daemon')) {
  const home = mkdtempSync(join(tmpdir(), 'omniroute-keyring-'));
  mkdirSync(join(home, 'run'), { mode: 0o700 });
  const script = 'printf %s omniroute-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"';
  const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', script, 'sh', process.execPath, ...process.argv.slice(1)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, XDG_DATA_HOME: home, XDG_RUNTIME_DIR: join(home, 'run'), OMNIROUTE_TEST_NO_DBUS: '1' },
  });
  rmSync(home, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

const roots = ['core', 'main', 'preload', 'renderer', 'tests', 'scripts', 'bench'];
const skip = new Set(['node_modules', 'dist', 'release', '.artifacts']);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(path);
  }
}

const files = [];
for (const root of roots) walk(root, files);
const selected = filters.length ? files.filter((f) => filters.some((p) => f.includes(p))) : files;
if (selected.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}

// The real coding CLIs (about 1.5 GB) live in tests/clients with their own lockfile, so the
// gateway's own `npm ci` stays small; they are installed here, and again when the lockfile changes.
function ensureCliClients() {
  const dir = join('tests', 'clients');
  const lock = readFileSync(join(dir, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex');
  const stamp = join(dir, 'node_modules', '.omniroute-lock-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  console.log('installing the coding CLIs for the client matrix (tests/clients) ...');
  // `npm install` from the lockfile rather than `npm ci`: the lockfile can only list the
  // platform binaries the registry served when it was written (a mirror may carry only
  // linux-x64 ones), and `npm ci` calls every other platform's missing optional entry out of
  // sync. `--no-save` keeps the lockfile as committed.
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  writeFileSync(stamp, hash);
}

if (selected.some((f) => f.startsWith(join('tests', 'cli')))) ensureCliClients();

if (filters.length === 0) {
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  run('npm', ['run', '--silent', 'build']);
}

const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...selected.sort()], { stdio: 'inherit' });
process.exit(r.status ?? 1);
