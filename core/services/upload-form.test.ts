import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { formField, formForAccount, readUpload, type UploadRead } from './upload-form.js';

/** Posts a body to a one-shot server that reads it with readUpload. */
async function upload(body: FormData | string, maxFileBytes: number, headers: Record<string, string> = {}): Promise<UploadRead> {
  let resolveRead!: (r: UploadRead) => void;
  const read = new Promise<UploadRead>((resolve) => (resolveRead = resolve));
  const server = createServer((req: IncomingMessage, res) => {
    void readUpload(req, { maxFileBytes }).then((r) => {
      resolveRead(r);
      res.end('done');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body, headers }).then((r) => r.text()).catch(() => undefined);
  server.close();
  return read;
}

function form(bytes: Buffer): FormData {
  const f = new FormData();
  f.append('model', 'openai/whisper-1');
  f.append('timestamp_granularities[]', 'word');
  f.append('timestamp_granularities[]', 'segment');
  f.append('file', new Blob([new Uint8Array(bytes)], { type: 'audio/wav' }), 'talk.wav');
  return f;
}

test('fields kept in order, the file spooled to a private directory byte for byte, then discarded', async () => {
  const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
  const read = await upload(form(bytes), 1_000_000);
  assert.ok(read.ok);
  const { form: uploaded } = read;
  assert.deepEqual(uploaded.fields, [['model', 'openai/whisper-1'], ['timestamp_granularities[]', 'word'], ['timestamp_granularities[]', 'segment']]);
  assert.equal(formField(uploaded, 'model'), 'openai/whisper-1');
  const [file] = uploaded.files;
  assert.equal(file?.filename, 'talk.wav');
  assert.equal(file?.contentType, 'audio/wav');
  assert.equal(file?.bytes, bytes.length);
  assert.deepEqual(await readFile(file!.path), bytes);
  assert.equal((await stat(dirname(file!.path))).mode & 0o777, 0o700, 'no other local user can read the upload');

  const sent = await formForAccount(uploaded, 'whisper-1');
  assert.equal(sent.get('model'), 'whisper-1', 'the account gets its own model id');
  assert.deepEqual(sent.getAll('timestamp_granularities[]'), ['word', 'segment']);
  const part = sent.get('file');
  assert.ok(part instanceof Blob);
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes);

  await uploaded.discard();
  await assert.rejects(stat(dirname(file!.path)), /ENOENT/);
});

test('a file over the limit is refused with 413 and leaves nothing on disk; JSON is not an upload', async () => {
  const spooled = async () => (await readdir(tmpdir())).filter((n) => n.startsWith('omniroute-upload-')).length;
  const before = await spooled();
  const big = await upload(form(Buffer.alloc(5000)), 4096);
  assert.equal(await spooled(), before);
  assert.deepEqual(big.ok ? 'accepted' : [big.status, /larger than the gateway's limit of 4096 bytes/.test(big.message)], [413, true]);
  const json = await upload('{"model":"x"}', 4096, { 'content-type': 'application/json' });
  assert.ok(!json.ok && json.status === 400 && /multipart\/form-data/.test(json.message));
});
