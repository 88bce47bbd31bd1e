/**
 * Encrypts exported secrets under a passphrase the user chooses: scrypt turns it into a key
 * (a fresh random salt per export, so equal passphrases give unrelated keys), AES-256-GCM
 * encrypts and authenticates, so a wrong passphrase or an edited file fails to decrypt
 * instead of yielding garbage.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { type Sealed } from './config-document.js';

export const MIN_PASSPHRASE_LENGTH = 8;

/** scrypt cost: N = 2^15, r = 8 takes ~32 MB and a few hundred ms, OWASP's floor for scrypt. */
const KDF_PARAMS = { N: 32_768, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Ties the ciphertext to its use, so it cannot be passed off as some other encrypted blob. */
const AAD = Buffer.from('omniroute-config-export-secrets-v1');

/** The passphrase does not open the sealed data (or the data was altered). */
export class WrongPassphraseError extends Error {
  override readonly name = 'WrongPassphraseError';
  constructor() {
    super('The passphrase does not match this export (or the export was altered).');
  }
}

export async function seal(plaintext: string, passphrase: string): Promise<Sealed> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new RangeError(`the passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters`);
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const key = await deriveKey(passphrase, salt, KDF_PARAMS);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(AAD);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    cipher: 'aes-256-gcm',
    kdf: { name: 'scrypt', ...KDF_PARAMS, salt: salt.toString('base64') },
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** Throws WrongPassphraseError when the passphrase (or the data) is wrong. */
export async function open(sealed: Sealed, passphrase: string): Promise<string> {
  const { N, r, p } = sealed.kdf;
  const key = await deriveKey(passphrase, Buffer.from(sealed.kdf.salt, 'base64'), { N, r, p });
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new WrongPassphraseError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(AAD);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new WrongPassphraseError();
  }
}

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  // Node caps scrypt memory at 32 MB by default, exactly what N = 2^15, r = 8 needs plus a bit.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(passphrase.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
