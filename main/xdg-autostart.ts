/**
 * Start at login on Linux (and the other free desktops): Electron's login items do nothing
 * there, so we write the freedesktop autostart entry ourselves,
 * $XDG_CONFIG_HOME/autostart/<appId>.desktop, which GNOME, KDE, Xfce, LXQt and systemd's
 * xdg-autostart-generator all read. The file carries a marker key, so we only ever report
 * or remove an entry this app wrote, never one the user or a package put there.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, isAbsolute, join } from 'node:path';
import { HIDDEN_ARG } from './launch-hidden.js';

export const AUTOSTART_MARKER_KEY = 'X-OmniRoute-Autostart';

/** The environment variables the autostart location depends on. */
export interface XdgEnv {
  XDG_CONFIG_HOME?: string | undefined;
  HOME?: string | undefined;
  APPIMAGE?: string | undefined;
}

export interface AutostartEntry {
  name: string;
  comment: string;
  /** The program and its arguments, unquoted; autostartEntryText quotes them. */
  exec: readonly string[];
  /** An icon-theme name or an absolute path. */
  icon?: string;
}

/** Where the entry lives: which environment, and the file's name without `.desktop`. */
export interface AutostartLocation {
  env: XdgEnv;
  appId: string;
}

/** The desktop entry text: a valid [Desktop Entry] group that starts `exec` at login. */
export function autostartEntryText(entry: AutostartEntry): string {
  if (entry.exec.length === 0) throw new Error('An autostart entry needs a program to start.');
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${escapeString(entry.name)}`,
    `Comment=${escapeString(entry.comment)}`,
    `Exec=${escapeString(execLine(entry.exec))}`,
    ...(entry.icon ? [`Icon=${escapeString(entry.icon)}`] : []),
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    `${AUTOSTART_MARKER_KEY}=true`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * GLib (so GNOME's session) checks that the program exists before it undoes `%%`, so it
 * skips an entry whose program path holds a `%`; such a program is started through env,
 * whose own path is plain, and the `%%` in its argument is undone as the spec says.
 */
function execLine(exec: readonly string[]): string {
  const command = exec[0]?.includes('%') ? ['/usr/bin/env', ...exec] : exec;
  return command.map(quoteExecArgument).join(' ');
}

// The Desktop Entry spec's reserved characters: an argument holding any of them must be quoted.
const EXEC_RESERVED = /[\s"'\\><~|&;$*?#()`]/;
// Inside double quotes these four must be backslash-escaped.
const EXEC_QUOTE_ESCAPED = /["`$\\]/g;

/**
 * One Exec argument per the spec's quoting rules, before the string-value escaping that
 * escapeString applies to the whole line. `%` is doubled because a single one would start
 * a field code (%f, %u...) that the launcher expands.
 */
export function quoteExecArgument(arg: string): string {
  if (arg === '') return '""';
  const percentSafe = arg.replace(/%/g, '%%');
  if (!EXEC_RESERVED.test(percentSafe)) return percentSafe;
  return `"${percentSafe.replace(EXEC_QUOTE_ESCAPED, (c) => `\\${c}`)}"`;
}

/**
 * A string value's escapes (`\\`, `\n`, `\t`, `\r`). The spec applies them before Exec's own
 * quoting is undone, which is why a literal backslash in an Exec argument ends up as four.
 * Other control characters have no escape in the format, so we refuse them.
 */
function escapeString(value: string): string {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) throw new Error('A desktop entry value cannot hold control characters.');
  return value.replace(/[\\\n\t\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\t' ? '\\t' : '\\r'));
}

/**
 * The program the login session should start: the .AppImage file itself when running from
 * one (process.execPath is then a temporary mount that is gone after logout), else our
 * executable; with the flag that makes it start in the tray.
 */
export function autostartCommand(env: XdgEnv, execPath: string): string[] {
  const appImage = env.APPIMAGE;
  const program = appImage && isAbsolute(appImage) ? appImage : execPath;
  return [program, HIDDEN_ARG];
}

/** $XDG_CONFIG_HOME/autostart/<appId>.desktop, with $HOME/.config when that is unset or not absolute. */
export function autostartPath(env: XdgEnv, appId: string): string {
  const dir = autostartDir(env);
  if (!dir) throw new Error('Neither XDG_CONFIG_HOME nor HOME is an absolute path; there is no autostart folder.');
  return join(dir, desktopFileName(appId));
}

function autostartDir(env: XdgEnv): string | undefined {
  // The base-directory spec: relative values are invalid and must be ignored.
  const configHome = env.XDG_CONFIG_HOME;
  if (configHome && isAbsolute(configHome)) return join(configHome, 'autostart');
  const home = env.HOME;
  if (home && isAbsolute(home)) return join(home, '.config', 'autostart');
  return undefined;
}

function desktopFileName(appId: string): string {
  // The id becomes a file name: no separators, nothing that climbs out of the folder.
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(appId)) throw new Error(`"${appId}" is not a usable desktop file id.`);
  return `${appId}.desktop`;
}

/**
 * Writes (or refreshes) our entry. The temp file + rename means a session starting at that
 * moment reads the old entry or the new one, never half of one. A file of the same name that
 * this app did not write is left as it is, and the call fails saying so.
 */
export function writeAutostartEntry(location: AutostartLocation, entry: AutostartEntry): void {
  const path = autostartPath(location.env, location.appId);
  if (readEntry(path) === 'foreign') throw new Error(`${path} exists and was not written by this app; leaving it as it is.`);
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${desktopFileName(location.appId)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, autostartEntryText(entry), { mode: 0o644, flag: 'wx' });
    // The creation mode passes through the umask; set it outright so the entry is the 0644
    // that desktop entries conventionally are, whatever umask the app was started with.
    chmodSync(temp, 0o644);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Removes our entry; a missing one is fine, and one this app did not write stays. Says whether it removed a file. */
export function removeAutostartEntry(location: AutostartLocation): boolean {
  const dir = autostartDir(location.env);
  if (!dir) return false;
  const path = join(dir, desktopFileName(location.appId));
  const entry = readEntry(path);
  if (entry === 'missing' || entry === 'foreign') return false;
  rmSync(path, { force: true });
  return true;
}

/**
 * Our entry exists and is switched on. Desktops' "startup applications" settings switch an
 * entry off by adding Hidden=true (the spec's way) or X-GNOME-Autostart-enabled=false
 * (GNOME's), keeping the rest of the file, marker included.
 */
export function isAutostartEnabled(location: AutostartLocation): boolean {
  const dir = autostartDir(location.env);
  if (!dir) return false;
  const entry = readEntry(join(dir, desktopFileName(location.appId)));
  if (entry === 'missing' || entry === 'foreign') return false;
  return entry.get('Hidden') !== 'true' && entry.get('X-GNOME-Autostart-enabled') !== 'false';
}

type EntryOnDisk = 'missing' | 'foreign' | Map<string, string>;

function readEntry(path: string): EntryOnDisk {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (isErrnoCode(err, 'ENOENT') || isErrnoCode(err, 'ENOTDIR')) return 'missing';
    throw err;
  }
  const keys = desktopEntryKeys(text);
  return keys.get(AUTOSTART_MARKER_KEY) === 'true' ? keys : 'foreign';
}

/** The raw key=value pairs of the [Desktop Entry] group (locale variants and other groups ignored). */
function desktopEntryKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inMainGroup = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      inMainGroup = line === '[Desktop Entry]';
      continue;
    }
    const eq = line.indexOf('=');
    if (!inMainGroup || eq < 0) continue;
    const key = line.slice(0, eq).trim();
    // A repeated key: the last one wins, as in GLib's reader, which the desktops' settings tools use.
    keys.set(key, line.slice(eq + 1).trim());
  }
  return keys;
}

function isErrnoCode(err: unknown, code: string): boolean {
  return err instanceof Error && 'code' in err && err.code === code;
}
