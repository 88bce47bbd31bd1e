/**
 * A multipart upload (an audio file for transcription) read as it arrives: file parts are
 * written to a private temporary directory, never held whole in memory, so the form can be
 * sent again to the next account when one fails. Each attempt rebuilds the form from disk with
 * the provider's own model id.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { FormData } from 'undici';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  path: string;
  bytes: number;
}

export interface UploadedForm {
  /** Text fields in the order sent (a name may repeat, as `timestamp_granularities[]` does). */
  fields: Array<[string, string]>;
  files: UploadedFile[];
  /** Removes the spooled files; called once the request is over. */
  discard(): Promise<void>;
}

export type UploadRead = { ok: true; form: UploadedForm } | { ok: false; status: 400 | 413; message: string };

const MAX_FILES = 4;
const MAX_FIELDS = 64;
const MAX_FIELD_BYTES = 64 * 1024;

export async function readUpload(req: IncomingMessage, opts: { maxFileBytes: number }): Promise<UploadRead> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    req.resume();
    return { ok: false, status: 400, message: 'This endpoint takes multipart/form-data with a `file` part and a `model` field.' };
  }
  // mkdtemp makes the directory 0700: another local user cannot read what is being uploaded.
  const dir = await mkdtemp(join(tmpdir(), 'omniroute-upload-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  const fields: Array<[string, string]> = [];
  const files: UploadedFile[] = [];
  const writes: Array<Promise<void>> = [];
  let refusal: { status: 400 | 413; message: string } | undefined;
  try {
    const parser = busboy({
      headers: req.headers,
      limits: { files: MAX_FILES, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, fileSize: opts.maxFileBytes },
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) refusal ??= { status: 400, message: `The form field "${name}" is longer than ${MAX_FIELD_BYTES} bytes.` };
      else fields.push([name, value]);
    });
    parser.on('file', (field, stream, info) => {
      const file: UploadedFile = { field, filename: info.filename || 'upload', contentType: info.mimeType, path: join(dir, String(files.length)), bytes: 0 };
      files.push(file);
      stream.on('data', (chunk: Buffer) => (file.bytes += chunk.length));
      stream.on('limit', () => (refusal = { status: 413, message: `The uploaded file is larger than the gateway's limit of ${opts.maxFileBytes} bytes.` }));
      writes.push(pipeline(stream, createWriteStream(file.path, { mode: 0o600 })));
    });
    parser.on('filesLimit', () => (refusal ??= { status: 400, message: `A form may carry at most ${MAX_FILES} files.` }));
    parser.on('fieldsLimit', () => (refusal ??= { status: 400, message: `A form may carry at most ${MAX_FIELDS} fields.` }));
    await pipeline(req, parser);
    await Promise.all(writes);
  } catch (err) {
    await discard();
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, status: 400, message: `The multipart form could not be read: ${detail}` };
  }
  if (refusal) {
    await discard();
    return { ok: false, ...refusal };
  }
  return { ok: true, form: { fields, files, discard } };
}

/** The value of a text field (the first, when it repeats). */
export function formField(form: UploadedForm, name: string): string | undefined {
  return form.fields.find(([n]) => n === name)?.[1];
}

/** The form as sent to one account: the same parts, with `model` set to the provider's own id. */
export async function formForAccount(form: UploadedForm, model: string): Promise<FormData> {
  const out = new FormData();
  for (const [name, value] of form.fields) out.append(name, name === 'model' ? model : value);
  for (const file of form.files) out.append(file.field, await openAsBlob(file.path, { type: file.contentType }), file.filename);
  return out;
}
