import type { ServiceEndpoint } from '../providers/types.js';

/**
 * The gateway paths of the OpenAI-style service endpoints. The unversioned forms are what
 * clients send when their base URL already ends in /v1; `/v2/rerank` is Cohere's own path,
 * which Cohere's SDK calls.
 */
const SERVICE_PATHS: Readonly<Record<string, ServiceEndpoint>> = {
  '/v1/embeddings': 'embeddings',
  '/embeddings': 'embeddings',
  '/v1/images/generations': 'images',
  '/images/generations': 'images',
  '/v1/audio/transcriptions': 'transcriptions',
  '/audio/transcriptions': 'transcriptions',
  '/v1/audio/speech': 'speech',
  '/audio/speech': 'speech',
  '/v1/moderations': 'moderations',
  '/moderations': 'moderations',
  '/v1/rerank': 'rerank',
  '/rerank': 'rerank',
  '/v2/rerank': 'rerank',
};

export function serviceForPath(pathname: string): ServiceEndpoint | undefined {
  return Object.hasOwn(SERVICE_PATHS, pathname) ? SERVICE_PATHS[pathname] : undefined;
}

/** Endpoints whose request is a multipart upload rather than JSON. */
export function isUpload(endpoint: ServiceEndpoint): boolean {
  return endpoint === 'transcriptions';
}

/** What a user reads in an error: the path a client calls. */
export const SERVICE_LABEL: Readonly<Record<ServiceEndpoint, string>> = {
  embeddings: '/v1/embeddings',
  images: '/v1/images/generations',
  transcriptions: '/v1/audio/transcriptions',
  speech: '/v1/audio/speech',
  moderations: '/v1/moderations',
  rerank: '/v1/rerank',
};

/** OpenAI's moderation endpoint names a default model when the request leaves it out. */
export const DEFAULT_MODERATION_MODEL = 'omni-moderation-latest';
