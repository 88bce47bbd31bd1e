/**
 * Zod schemas of the Gemini v1beta REST objects the codec reads (field names as in the
 * REST reference and @google/genai's types). Objects are loose: fields this gateway does
 * not use (safetyRatings, citationMetadata, videoMetadata, ...) pass through unread.
 */
import { z } from 'zod';

const jsonObject = z.record(z.string(), z.unknown());

export const blobSchema = z.looseObject({ mimeType: z.string(), data: z.string() });

export const fileDataSchema = z.looseObject({ mimeType: z.string().nullish(), fileUri: z.string() });

export const functionCallSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string(),
  args: jsonObject.nullish(),
});

export const functionResponseSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string(),
  response: jsonObject.nullish(),
  /** Multimodal function results (Gemini 3): media that belongs to the result. */
  parts: z.array(z.looseObject({ inlineData: blobSchema.nullish(), fileData: fileDataSchema.nullish() })).nullish(),
});

export const partSchema = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  inlineData: blobSchema.nullish(),
  fileData: fileDataSchema.nullish(),
  functionCall: functionCallSchema.nullish(),
  functionResponse: functionResponseSchema.nullish(),
});

export type WirePart = z.infer<typeof partSchema>;

/**
 * A response's content. Its parts are read one by one (modelParts): a part of a kind this
 * codec does not know, or of a shape it does not expect, is skipped rather than failing
 * the whole answer.
 */
export const contentSchema = z.looseObject({
  role: z.string().nullish(),
  parts: z.array(z.unknown()).nullish(),
});

/** The parts of a response content this codec can read, in order; the others are skipped. */
export function modelParts(content: { parts?: unknown[] | null | undefined } | null | undefined): WirePart[] {
  const out: WirePart[] = [];
  for (const raw of content?.parts ?? []) {
    const parsed = partSchema.safeParse(raw);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

export const usageMetadataSchema = z.looseObject({
  promptTokenCount: z.number().nullish(),
  candidatesTokenCount: z.number().nullish(),
  thoughtsTokenCount: z.number().nullish(),
  cachedContentTokenCount: z.number().nullish(),
  toolUsePromptTokenCount: z.number().nullish(),
  totalTokenCount: z.number().nullish(),
});

export type WireUsage = z.infer<typeof usageMetadataSchema>;

export const candidateSchema = z.looseObject({
  content: contentSchema.nullish(),
  finishReason: z.string().nullish(),
  index: z.number().nullish(),
});

/** One GenerateContentResponse: a whole answer, or one chunk of a streamed one. */
export const generateContentResponseSchema = z.looseObject({
  candidates: z.array(candidateSchema).nullish(),
  promptFeedback: z.looseObject({ blockReason: z.string().nullish() }).nullish(),
  usageMetadata: usageMetadataSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});

export type WireResponse = z.infer<typeof generateContentResponseSchema>;

/** A zod issue path the way the REST API names fields: contents[0].parts[1].text. */
import { fieldPath as issuePath } from '../field-path.js';

export { issuePath };

export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'body: invalid';
  return `${issuePath(issue.path)}: ${issue.message}`;
}
