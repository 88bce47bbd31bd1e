import type { WireFormat } from '../../../core/formats/canonical.js';

/** Usage as the mock upstream records it; a client reports the fields its format has. */
export interface NeutralUsage {
  input?: number;
  output?: number;
  cached?: number;
  reasoning?: number;
}

export interface ToolRoundTrip {
  call: { name: string; args: unknown };
  /** How many argument fragments the client received (streaming only). */
  argumentPieces: number;
  finalText: string;
}

/** One official SDK, driven the way a coding tool drives it. */
export interface ClientDriver {
  format: WireFormat;
  /** Which neutral usage fields this client's format can express. */
  usageFields: ReadonlyArray<keyof NeutralUsage>;
  text(model: string, prompt: string): Promise<{ text: string; usage: NeutralUsage }>;
  streamText(model: string, prompt: string): Promise<{ text: string; usage: NeutralUsage; deltas: number }>;
  toolRoundTrip(model: string, stream: boolean): Promise<ToolRoundTrip>;
  image(model: string, pngBase64: string): Promise<string>;
  reasoning(model: string, stream: boolean): Promise<{ reasoning: string; text: string }>;
  /** Sends a plain request and returns what the SDK threw. */
  failure(model: string): Promise<unknown>;
}

export const WEATHER_PROMPT = 'What is the weather in Paris today?';
export const TOOL_RESULT = '18C and sunny';
export const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city'],
  },
};
