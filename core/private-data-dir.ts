import { chmodSync, mkdirSync, statSync } from 'node:fs';

/**
 * The data dir holds prompts (the request log), provider keys (the secrets file or its
 * key) and backups: it is the user's alone. A dir we create is 0700 whatever the umask; a dir
 * the user made and shares with the group or others is theirs to decide, so it gets a
 * warning rather than a silent chmod. Files in it are made 0600 where they are created.
 */
export function ensurePrivateDataDir(dataDir: string, warn: (message: string) => void = (m) => process.emitWarning(m)): void {
  const created = mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (created !== undefined) {
    chmodSync(dataDir, 0o700);
    return;
  }
  if (process.platform === 'win32') return; // modes there do not say who can read
  const mode = statSync(dataDir).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    warn(
      `omniroute: the data dir ${dataDir} is readable by other users (mode ${mode.toString(8).padStart(3, '0')}); it holds your prompts and keys. Run: chmod 700 ${dataDir}`,
    );
  }
}

/**
 * The desktop app's own folder (Electron's userData): nobody else's choice, and Electron or
 * electron-store may already have made it with the umask's 0755, so it is tightened, not
 * just warned about.
 */
export function ensureAppDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dataDir, 0o700);
}
