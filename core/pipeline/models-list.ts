import type { IncomingMessage } from 'node:http';
import type { ListedModel } from '../routing/route-table.js';

/**
 * `GET /v1/models` in the shape the asking client's SDK parses: Anthropic's clients send an
 * `anthropic-version` header, Gemini's ask on the /v1beta path, everyone else gets
 * OpenAI's list.
 */
export function modelsListBody(req: IncomingMessage, pathname: string, models: ListedModel[]): unknown {
  if (pathname.startsWith('/v1beta')) {
    return {
      models: models.map((m) => ({
        name: `models/${m.id}`,
        displayName: m.id,
        supportedGenerationMethods: ['generateContent', 'streamGenerateContent'],
      })),
    };
  }
  if (req.headers['anthropic-version'] !== undefined) {
    return {
      data: models.map((m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: '1970-01-01T00:00:00Z' })),
      has_more: false,
      first_id: models[0]?.id ?? null,
      last_id: models.at(-1)?.id ?? null,
    };
  }
  return { object: 'list', data: models.map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: m.ownedBy })) };
}
