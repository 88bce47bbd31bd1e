// The contract between the server loop (index.ts) and the handlers of the APIs beside chat:
// what a handler is given and the answers it can give. Handlers validate by throwing
// RejectError (errors.ts), as the chat validators do.
import type { IncomingHttpHeaders } from 'node:http';
import type { Incoming } from './incoming.js';
import type { OllamaCatalogue } from './ollama-models.js';
import type { Route } from './route.js';
import type { HttpError, NeutralUsage, RenderContext, RenderedStream, UploadRecord } from './types.js';

export interface EndpointInput {
  route: Route;
  body: unknown;
  /** The raw body text (not for multipart). */
  text: string;
  headers: IncomingHttpHeaders;
  multipart?: Incoming['multipart'];
  uploads: UploadRecord[];
  ctx: RenderContext;
  /** http://127.0.0.1:<port>, for URLs the answer points back at (image URLs). */
  baseUrl: string;
  ollama: OllamaCatalogue;
  /** Extra words a slow-stream fault asks for, so a stream lasts long enough. */
  extraWords: number;
}

interface Answered {
  /** Token usage the answer reports, recorded on the RecordedRequest. */
  usage?: NeutralUsage;
  headers?: Record<string, string>;
}

export type EndpointAnswer =
  | (Answered & { kind: 'json'; body: unknown; status?: number })
  | (Answered & { kind: 'bytes'; body: Buffer; contentType: string; status?: number; chunkBytes?: number })
  | (Answered & { kind: 'stream'; stream: RenderedStream })
  | (Answered & { kind: 'error'; error: HttpError });

export type EndpointHandler = (input: EndpointInput) => EndpointAnswer;

export function usageOf(input: number, output = 0): NeutralUsage {
  return { input, output, cached: 0, reasoning: 0 };
}

export function textAnswer(text: string, contentType = 'text/plain; charset=utf-8', status = 200): EndpointAnswer {
  return { kind: 'bytes', body: Buffer.from(text, 'utf8'), contentType, status };
}
