import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  autostartCommand,
  autostartEntryText,
  autostartPath,
  isAutostartEnabled,
  quoteExecArgument,
  removeAutostartEntry,
  writeAutostartEntry,
  type AutostartEntry,
} from './xdg-autostart.js';

const APP_ID = 'dev.omniroute.desktop';
const ENTRY: AutostartEntry = { name: 'OmniRoute Desktop', comment: 'Local AI gateway', exec: ['/opt/OmniRoute/omniroute-desktop', '--hidden'] };

// A path with everything the Exec rules care about: spaces, both quotes, %, $, backslash, backtick.
const NASTY = `/home/a b/it's "Omni" 100%$\\x\`y\`.AppImage`;

/** A reader written from the spec, independent of the module: [Desktop Entry] keys, string escapes undone. */
function parseEntry(text: string): Map<string, string> {
  const lines = text.split('\n');
  assert.equal(lines[0], '[Desktop Entry]');
  assert.equal(lines.at(-1), '', 'ends with a newline');
  const keys = new Map<string, string>();
  for (const line of lines.slice(1, -1)) {
    const m = /^([A-Za-z0-9-]+)=(.*)$/.exec(line);
    assert.ok(m, `not a key=value line: ${line}`);
    const [, key = '', raw = ''] = m;
    assert.ok(!keys.has(key), `duplicate key ${key}`);
    keys.set(key, raw.replace(/\\(.)/g, (_all, c: string) => {
      const unescaped = { s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' }[c];
      assert.ok(unescaped !== undefined, `invalid string escape \\${c} in ${line}`);
      return unescaped;
    }));
  }
  return keys;
}

const RESERVED = ` \t\n"'\\><~|&;$*?#()\``;

/** Exec's argument rules: quoting undone, %% made %, any other field code refused. */
function splitExec(value: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < value.length) {
    let arg = '';
    if (value[i] === '"') {
      i++;
      while (value[i] !== '"') {
        assert.ok(i < value.length, 'unterminated quote');
        if (value[i] === '\\') {
          const next = value[i + 1] ?? '';
          assert.ok('"`$\\'.includes(next) && next !== '', `invalid escape \\${next} in a quoted argument`);
          arg += next;
          i += 2;
        } else arg += value[i++];
      }
      i++;
    } else {
      while (i < value.length && value[i] !== ' ') {
        const c = value[i++] ?? '';
        assert.ok(!RESERVED.includes(c), `reserved ${JSON.stringify(c)} outside quotes`);
        arg += c;
      }
    }
    assert.ok(i >= value.length || value[i] === ' ', 'arguments are separated by a space');
    i++;
    args.push(arg.replace(/%(.?)/g, (_all, c: string) => {
      assert.equal(c, '%', 'a lone % is a field code');
      return '%';
    }));
  }
  return args;
}

function tempConfigHome(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'omniroute-xdg-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the entry is a valid autostart desktop entry that starts the command', () => {
  const keys = parseEntry(autostartEntryText({ ...ENTRY, icon: 'omniroute-desktop' }));
  assert.deepEqual(Object.fromEntries(keys), {
    Type: 'Application',
    Name: 'OmniRoute Desktop',
    Comment: 'Local AI gateway',
    Exec: '/opt/OmniRoute/omniroute-desktop --hidden',
    Icon: 'omniroute-desktop',
    Terminal: 'false',
    'X-GNOME-Autostart-enabled': 'true',
    'X-OmniRoute-Autostart': 'true',
  });
  assert.ok(!autostartEntryText(ENTRY).includes('Icon='), 'no Icon key without an icon');
});

test('a path with spaces, quotes, %, $, backslash and backtick is quoted per the Exec rules', () => {
  const text = autostartEntryText({ ...ENTRY, exec: ['/bin/app', NASTY, '--hidden'] });
  // Quoting: "…" with \" \` \$ \\ inside and %%; then the string escape doubles each backslash.
  const line = text.split('\n').find((l) => l.startsWith('Exec='));
  assert.equal(line, `Exec=/bin/app "/home/a b/it's \\\\"Omni\\\\" 100%%\\\\$\\\\\\\\x\\\\\`y\\\\\`.AppImage" --hidden`);
  assert.deepEqual(splitExec(parseEntry(text).get('Exec') ?? ''), ['/bin/app', NASTY, '--hidden']);
});

test('a program whose path holds % is started through env, which GLib can find', () => {
  const text = autostartEntryText({ ...ENTRY, exec: [NASTY, '--hidden'] });
  assert.deepEqual(splitExec(parseEntry(text).get('Exec') ?? ''), ['/usr/bin/env', NASTY, '--hidden']);
  assert.ok(parseEntry(autostartEntryText({ ...ENTRY, exec: ['/a b/$x', '--hidden'] })).get('Exec')?.startsWith('"/a b/'), 'no env without a %');
});

test('each argument round-trips, and only arguments that need quotes get them', () => {
  for (const arg of ['plain', '', 'a b', 'tab\there', 'new\nline', '50%', '%u', '~/x', 'a=b', 'ünï', "it's", 'x;y', '(p)', 'a*?#']) {
    assert.deepEqual(splitExec(parseEntry(autostartEntryText({ ...ENTRY, exec: ['/bin/app', arg] })).get('Exec') ?? ''), ['/bin/app', arg], JSON.stringify(arg));
  }
  assert.equal(quoteExecArgument('/usr/bin/omniroute-desktop'), '/usr/bin/omniroute-desktop');
  assert.equal(quoteExecArgument('100%'), '100%%');
  assert.equal(quoteExecArgument('a b'), '"a b"');
  assert.equal(quoteExecArgument(''), '""');
});

test('names with backslashes or newlines stay one line each; control characters and an empty command are refused', () => {
  const keys = parseEntry(autostartEntryText({ ...ENTRY, name: 'Omni\\Route\nDesktop' }));
  assert.equal(keys.get('Name'), 'Omni\\Route\nDesktop');
  assert.throws(() => autostartEntryText({ ...ENTRY, comment: 'bell\u0007' }), /control characters/);
  assert.throws(() => autostartEntryText({ ...ENTRY, exec: [] }), /needs a program/);
});

test('the command is the AppImage file when running from one, else the executable, with --hidden', () => {
  const mount = '/tmp/.mount_OmniRoXyZ/omniroute-desktop';
  assert.deepEqual(autostartCommand({ APPIMAGE: '/home/u/Apps/OmniRoute.AppImage' }, mount), ['/home/u/Apps/OmniRoute.AppImage', '--hidden']);
  assert.deepEqual(autostartCommand({}, '/opt/OmniRoute/omniroute-desktop'), ['/opt/OmniRoute/omniroute-desktop', '--hidden']);
  assert.deepEqual(autostartCommand({ APPIMAGE: '' }, mount), [mount, '--hidden']);
  assert.deepEqual(autostartCommand({ APPIMAGE: 'OmniRoute.AppImage' }, mount), [mount, '--hidden'], 'a relative APPIMAGE cannot be found at login');
});

test('the entry goes under XDG_CONFIG_HOME when it is absolute, else under $HOME/.config', () => {
  assert.equal(autostartPath({ XDG_CONFIG_HOME: '/cfg', HOME: '/home/u' }, APP_ID), '/cfg/autostart/dev.omniroute.desktop.desktop');
  assert.equal(autostartPath({ HOME: '/home/u' }, APP_ID), '/home/u/.config/autostart/dev.omniroute.desktop.desktop');
  assert.equal(autostartPath({ XDG_CONFIG_HOME: '', HOME: '/home/u' }, APP_ID), '/home/u/.config/autostart/dev.omniroute.desktop.desktop');
  assert.equal(autostartPath({ XDG_CONFIG_HOME: 'relative/cfg', HOME: '/home/u' }, APP_ID), '/home/u/.config/autostart/dev.omniroute.desktop.desktop');
  assert.throws(() => autostartPath({ XDG_CONFIG_HOME: 'rel', HOME: 'also-rel' }, APP_ID), /no autostart folder/);
  assert.throws(() => autostartPath({ HOME: '/home/u' }, '../../.bashrc'), /not a usable desktop file id/);
  // Nowhere to look: not enabled, nothing to remove.
  assert.equal(isAutostartEnabled({ env: {}, appId: APP_ID }), false);
  assert.equal(removeAutostartEntry({ env: {}, appId: APP_ID }), false);
  assert.throws(() => writeAutostartEntry({ env: {}, appId: APP_ID }, ENTRY), /no autostart folder/);
});

test('write creates the folder and a 0644 entry atomically; remove takes it away again', (t) => {
  const configHome = join(tempConfigHome(t), 'not', 'yet');
  const location = { env: { XDG_CONFIG_HOME: configHome }, appId: APP_ID };
  const path = join(configHome, 'autostart', 'dev.omniroute.desktop.desktop');
  assert.equal(isAutostartEnabled(location), false);
  assert.equal(removeAutostartEntry(location), false, 'missing is fine');

  // Even under a strict umask the entry comes out 0644.
  const previousUmask = process.umask(0o077);
  try {
    writeAutostartEntry(location, { ...ENTRY, exec: [NASTY, '--hidden'] });
  } finally {
    process.umask(previousUmask);
  }
  assert.equal(statSync(path).mode & 0o777, 0o644);
  assert.deepEqual(readdirSync(join(configHome, 'autostart')), ['dev.omniroute.desktop.desktop'], 'no temp file left behind');
  assert.deepEqual(splitExec(parseEntry(readFileSync(path, 'utf8')).get('Exec') ?? ''), ['/usr/bin/env', NASTY, '--hidden']);
  assert.equal(isAutostartEnabled(location), true);

  // A second write refreshes the command (the AppImage moved).
  writeAutostartEntry(location, { ...ENTRY, exec: ['/new/place.AppImage', '--hidden'] });
  assert.equal(parseEntry(readFileSync(path, 'utf8')).get('Exec'), '/new/place.AppImage --hidden');

  assert.equal(removeAutostartEntry(location), true);
  assert.equal(existsSync(path), false);
  assert.equal(isAutostartEnabled(location), false);
});

test('HOME/.config is used when XDG_CONFIG_HOME is unset', (t) => {
  const home = tempConfigHome(t);
  const location = { env: { HOME: home }, appId: APP_ID };
  writeAutostartEntry(location, ENTRY);
  assert.ok(existsSync(join(home, '.config', 'autostart', 'dev.omniroute.desktop.desktop')));
  assert.equal(isAutostartEnabled(location), true);
  assert.equal(removeAutostartEntry(location), true);
  assert.deepEqual(readdirSync(join(home, '.config', 'autostart')), []);
});

test('an entry of the same name that we did not write is never reported, replaced or removed', (t) => {
  const configHome = tempConfigHome(t);
  const location = { env: { XDG_CONFIG_HOME: configHome }, appId: APP_ID };
  mkdirSync(join(configHome, 'autostart'));
  const path = join(configHome, 'autostart', 'dev.omniroute.desktop.desktop');
  const foreign = '[Desktop Entry]\nType=Application\nName=Hand-made\nExec=/usr/local/bin/omniroute-desktop --my-flags\n';
  writeFileSync(path, foreign);
  assert.equal(isAutostartEnabled(location), false);
  assert.equal(removeAutostartEntry(location), false);
  assert.throws(() => writeAutostartEntry(location, ENTRY), /not written by this app/);
  assert.equal(readFileSync(path, 'utf8'), foreign);
  // The marker only counts in the [Desktop Entry] group.
  const elsewhere = `${foreign}[Desktop Action x]\nX-OmniRoute-Autostart=true\n`;
  writeFileSync(path, elsewhere);
  assert.equal(removeAutostartEntry(location), false);
  assert.equal(readFileSync(path, 'utf8'), elsewhere);
});

test('our entry switched off by a desktop settings tool is not enabled, and is still ours to remove or rewrite', (t) => {
  const configHome = tempConfigHome(t);
  const location = { env: { XDG_CONFIG_HOME: configHome }, appId: APP_ID };
  const path = autostartPath(location.env, APP_ID);
  for (const switchedOff of ['Hidden=true', 'X-GNOME-Autostart-enabled=false']) {
    writeAutostartEntry(location, ENTRY);
    const key = switchedOff.split('=')[0] ?? '';
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => !l.startsWith(`${key}=`));
    writeFileSync(path, [...lines.slice(0, -1), switchedOff, ''].join('\n'));
    assert.equal(isAutostartEnabled(location), false, switchedOff);
    writeAutostartEntry(location, ENTRY);
    assert.equal(isAutostartEnabled(location), true, `${switchedOff}, rewritten`);
  }
  writeFileSync(path, `${readFileSync(path, 'utf8')}Hidden=true\n`);
  assert.equal(removeAutostartEntry(location), true);
  assert.equal(existsSync(path), false);
});

const hasGio = spawnSync('gio', ['version'], { stdio: 'ignore' }).status === 0;

test('GLib (what GNOME starts autostart entries with) runs exactly our command', { skip: !hasGio && 'no gio here' }, async (t) => {
  const root = tempConfigHome(t);
  const programDir = join(root, `a b/it's "Omni" 100%$\\x\`y\``);
  mkdirSync(programDir, { recursive: true });
  const program = join(programDir, 'omniroute desktop');
  const record = join(root, 'argv.json');
  const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const recorder = 'require("node:fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))';
  writeFileSync(program, `#!/bin/sh\nexec ${shQuote(process.execPath)} -e ${shQuote(recorder)} ${shQuote(record)} "$0" "$@"\n`);
  chmodSync(program, 0o755);
  const location = { env: { XDG_CONFIG_HOME: join(root, 'config') }, appId: APP_ID };
  const command = [program, '--hidden', 'x%y', 'back\\slash', 'two words', ''];
  writeAutostartEntry(location, { ...ENTRY, exec: command });

  const launch = spawnSync('gio', ['launch', autostartPath(location.env, APP_ID)], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(launch.status, 0, launch.stderr);
  for (let waited = 0; !existsSync(record) && waited < 10_000; waited += 50) await sleep(50);
  assert.deepEqual(JSON.parse(readFileSync(record, 'utf8')), command);
});
