import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const SECRET_KEY_ENV = 'OMNIROUTE_SECRET_KEY';
export const KEY_BYTES = 32;

export interface SecretKey {
  key: Buffer;
  /** Where the key came from, for error messages: the variable name or the file path. */
  source: string;
}

/**
 * The AES-256 key of the encrypted-file store, kept outside the database and outside
 * secrets.json: from OMNIROUTE_SECRET_KEY when set, else from a key file that is created
 * with fresh random bytes on first use.
 */
export async function resolveSecretKey(opts: {
  dataDir: string;
  keyFile?: string;
  env: NodeJS.ProcessEnv;
}): Promise<SecretKey> {
  const fromEnv = opts.env[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const key = decodeKeyText(fromEnv.trim());
    if (key === null) {
      throw new Error(`${SECRET_KEY_ENV} must be 64 hex characters or the base64 of ${KEY_BYTES} bytes`);
    }
    return { key, source: `environment variable ${SECRET_KEY_ENV}` };
  }
  const path = opts.keyFile ?? join(opts.dataDir, 'secret.key');
  return { key: await readOrCreateKeyFile(path), source: `key file ${path}` };
}

export function decodeKeyText(text: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text, 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  return null;
}

async function readOrCreateKeyFile(path: string): Promise<Buffer> {
  const existing = await readKeyFile(path);
  if (existing !== null) return existing;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  try {
    // 'wx' fails if another process created the file meanwhile; its key then wins.
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(`${key.toString('hex')}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return key;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    const raced = await readKeyFile(path);
    if (raced === null) throw new Error(`key file ${path} vanished while it was being created`);
    return raced;
  }
}

async function readKeyFile(path: string): Promise<Buffer | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw new Error(`cannot read key file ${path}: ${errorCode(error) ?? String(error)}`, { cause: error });
  }
  if (bytes.length === KEY_BYTES) return bytes;
  const key = decodeKeyText(bytes.toString('utf8').trim());
  if (key === null) {
    throw new Error(
      `key file ${path} does not hold a key: expected 64 hex characters, the base64 of ${KEY_BYTES} bytes, or ${KEY_BYTES} raw bytes`,
    );
  }
  return key;
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}
