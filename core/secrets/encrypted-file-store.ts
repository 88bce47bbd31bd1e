import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { errorCode, KEY_BYTES, type SecretKey } from './secret-key.js';
import { assertValidRef, type SecretStore } from './secret-store.js';

export const SECRETS_FILE_NAME = 'secrets.json';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const sealedSchema = z.strictObject({ iv: base64, tag: base64, data: base64 });
const fileSchema = z.record(z.string(), sealedSchema);
type Sealed = z.infer<typeof sealedSchema>;

/**
 * Secrets encrypted at rest with AES-256-GCM in one JSON file, for machines without a
 * keychain. Every operation re-reads the file, so a second process sharing the data dir
 * sees fresh values; writes within this process are serialised.
 */
export async function openEncryptedFileStore(opts: {
  dataDir: string;
  key: SecretKey;
  fileName?: string;
}): Promise<SecretStore> {
  if (opts.key.key.length !== KEY_BYTES) throw new RangeError(`the secret key must be ${KEY_BYTES} bytes`);
  const path = join(opts.dataDir, opts.fileName ?? SECRETS_FILE_NAME);
  const { key, source } = opts.key;
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });

  const cannotDecrypt = (): Error =>
    new Error(
      `cannot decrypt ${path}: the key from ${source} does not match it, or the file was modified. ` +
        `Restore the key it was written with, or move ${path} away to start with no secrets.`,
    );

  const unseal = (ref: string, sealed: Sealed): string => {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(ref, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw cannotDecrypt();
    }
  };

  const seal = (ref: string, value: string): Sealed => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    // The ref is authenticated too, so a ciphertext copied under another ref is rejected.
    cipher.setAAD(Buffer.from(ref, 'utf8'));
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  };

  const read = async (): Promise<Map<string, Sealed>> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return new Map();
      throw new Error(`cannot read ${path}: ${errorCode(error) ?? String(error)}`, { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${path} is not valid JSON; restore it from a backup or move it away to start with no secrets`);
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(`${path} does not have the shape of a secrets file (ref -> {iv, tag, data}); it was modified`);
    }
    return new Map(Object.entries(parsed.data));
  };

  const write = async (entries: Map<string, Sealed>): Promise<void> => {
    const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const handle = await open(tmp, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // rename is atomic on one filesystem: readers see the old file or the new one, never half.
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  };

  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  // Fail at start-up, not at the first request, when the key does not fit the file.
  for (const [ref, sealed] of await read()) unseal(ref, sealed);

  return {
    kind: 'encrypted-file',
    async get(ref) {
      assertValidRef(ref);
      const sealed = (await read()).get(ref);
      return sealed === undefined ? null : unseal(ref, sealed);
    },
    async set(ref, value) {
      assertValidRef(ref);
      if (typeof value !== 'string') throw new TypeError('a secret must be a string');
      return exclusive(async () => {
        const entries = await read();
        entries.set(ref, seal(ref, value));
        await write(entries);
      });
    },
    async delete(ref) {
      assertValidRef(ref);
      return exclusive(async () => {
        const entries = await read();
        if (entries.delete(ref)) await write(entries);
      });
    },
  };
}
