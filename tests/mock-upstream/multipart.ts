// multipart/form-data bodies (audio transcriptions), parsed as they stream in by busboy: a
// file is hashed and counted chunk by chunk and never held in memory, so a test can upload a
// large file through the gateway and still prove, by size and SHA-256, that it arrived intact.
// busboy is an independent, widely used parser: a boundary bug in the gateway's own multipart
// handling cannot be mirrored by it.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { UploadRecord } from './types.js';

/** OpenAI's upload limit for audio files, 25 MiB. */
export const MAX_UPLOAD_BYTES = 26_214_400;

export type MultipartProblem = 'malformed' | 'too-large';

export interface MultipartBody {
  /** Text fields by name; a name sent more than once (e.g. `include[]`) keeps every value. */
  fields: Record<string, string | string[]>;
  files: UploadRecord[];
  problem?: MultipartProblem;
  /** Bytes read when the limit stopped a file. */
  bytesRead?: number;
}

export function isMultipart(contentType: string | undefined): boolean {
  return typeof contentType === 'string' && /^multipart\/form-data\s*(;|$)/i.test(contentType);
}

/** Reads the request to its end; a malformed body is reported, never thrown. */
export function parseMultipart(req: IncomingMessage, maxFileBytes = MAX_UPLOAD_BYTES): Promise<MultipartBody> {
  return new Promise((resolve) => {
    const out: MultipartBody = { fields: {}, files: [] };
    let settled = false;
    let answered = false;
    const answer = (): void => {
      if (answered) return;
      answered = true;
      resolve(out);
    };
    // A client that goes away mid-upload ends the parse; nobody is left to answer.
    req.on('close', () => {
      if (!req.readableEnded) {
        out.problem ??= 'malformed';
        answer();
      }
    });
    // The answer waits for the whole request to arrive: a client still uploading would see
    // its connection reset instead of the 400.
    const finish = (problem?: MultipartProblem): void => {
      if (settled) return;
      settled = true;
      if (problem) out.problem = problem;
      if (req.readableEnded) answer();
      else {
        req.unpipe();
        req.on('end', answer);
        req.on('error', answer);
        req.resume();
      }
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxFileBytes }, defParamCharset: 'utf8' });
    } catch {
      // No boundary, or a content type busboy cannot read.
      return finish('malformed');
    }
    const pending: Promise<void>[] = [];
    parser.on('field', (name, value) => {
      const prior = out.fields[name];
      out.fields[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
    });
    parser.on('file', (field, stream, info) => {
      const hash = createHash('sha256');
      let bytes = 0;
      let truncated = false;
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      stream.on('limit', () => {
        truncated = true;
      });
      pending.push(
        new Promise<void>((done) => {
          stream.on('end', () => {
            if (truncated) {
              out.problem = 'too-large';
              out.bytesRead = bytes;
            }
            out.files.push({ field, filename: info.filename ?? '', contentType: info.mimeType, bytes, sha256: hash.digest('hex') });
            done();
          });
          stream.on('error', () => done());
        }),
      );
    });
    parser.on('error', () => finish('malformed'));
    parser.on('close', () => {
      void Promise.all(pending).then(() => finish(out.problem));
    });
    req.pipe(parser);
  });
}
