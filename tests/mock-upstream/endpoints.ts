// Dispatch of the APIs beside chat to their handlers, turning a validation RejectError into
// the error answer.
import { answerTranscription } from './audio-transcriptions.js';
import { answerSpeech } from './audio-speech.js';
import { answerEmbeddings } from './embeddings.js';
import type { EndpointAnswer, EndpointHandler, EndpointInput } from './endpoint.js';
import { RejectError } from './errors.js';
import type { EndpointFormat } from './formats.js';
import { answerGeminiEmbed } from './gemini-embed.js';
import { answerImages } from './images.js';
import { answerModerations } from './moderations.js';
import { answerOllama } from './ollama-native.js';
import { answerRerank } from './rerank.js';

const HANDLERS: Record<EndpointFormat, EndpointHandler> = {
  'openai-embeddings': answerEmbeddings,
  'openai-images': answerImages,
  'openai-transcriptions': answerTranscription,
  'openai-speech': answerSpeech,
  'openai-moderations': answerModerations,
  rerank: answerRerank,
  'gemini-embed': answerGeminiEmbed,
  ollama: answerOllama,
};

export function isEndpointFormat(format: string): format is EndpointFormat {
  return Object.hasOwn(HANDLERS, format);
}

export function answerEndpoint(format: EndpointFormat, input: EndpointInput): EndpointAnswer {
  try {
    return HANDLERS[format](input);
  } catch (e) {
    if (e instanceof RejectError) return { kind: 'error', error: e.httpError };
    throw e;
  }
}
