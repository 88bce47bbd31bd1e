// Model lists in each provider's list-endpoint shape.
import type { MockFormat } from './types.js';

const OPENAI = ['gpt-4o', 'gpt-4o-mini', 'o4-mini', 'gpt-5'];
const ANTHROPIC = ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-3-5-haiku-latest'];
const GEMINI = ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.0-flash'];
const CREATED = 1_700_000_000;

export function modelList(format: MockFormat): unknown {
  if (format === 'anthropic') {
    return {
      data: ANTHROPIC.map((id) => ({
        type: 'model',
        id,
        display_name: id,
        created_at: new Date(CREATED * 1000).toISOString(),
      })),
      has_more: false,
      first_id: ANTHROPIC[0],
      last_id: ANTHROPIC[ANTHROPIC.length - 1],
    };
  }
  if (format === 'gemini') {
    return {
      models: GEMINI.map((id) => ({
        name: `models/${id}`,
        version: '001',
        displayName: id,
        inputTokenLimit: 1_048_576,
        outputTokenLimit: 65_536,
        supportedGenerationMethods: ['generateContent', 'countTokens'],
      })),
    };
  }
  return { object: 'list', data: OPENAI.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'openai' })) };
}
