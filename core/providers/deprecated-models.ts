/**
 * Model ids providers have retired, mapped to their current successors, so a client that
 * still names an old model keeps working. Applied only when the successor's provider has a
 * connection; a user alias for the same id wins.
 */
export const DEPRECATED_MODELS: Readonly<Record<string, string>> = Object.freeze({
  'claude-3-5-sonnet-latest': 'anthropic/claude-sonnet-4-5',
  'claude-3-5-sonnet-20241022': 'anthropic/claude-sonnet-4-5',
  'claude-3-7-sonnet-latest': 'anthropic/claude-sonnet-4-5',
  'claude-3-7-sonnet-20250219': 'anthropic/claude-sonnet-4-5',
  'claude-sonnet-4-20250514': 'anthropic/claude-sonnet-4-5',
  'claude-3-opus-latest': 'anthropic/claude-opus-4-1',
  'claude-3-5-haiku-latest': 'anthropic/claude-haiku-4-5',
  'gpt-4-turbo': 'openai/gpt-4.1',
  'gpt-4-turbo-preview': 'openai/gpt-4.1',
  'gpt-4': 'openai/gpt-4.1',
  'gpt-3.5-turbo': 'openai/gpt-4o-mini',
  'o1-mini': 'openai/o3',
  'gemini-1.5-pro': 'gemini/gemini-2.5-pro',
  'gemini-1.5-flash': 'gemini/gemini-2.5-flash',
  'gemini-2.0-flash': 'gemini/gemini-2.5-flash',
  'gemini-2.0-flash-lite': 'gemini/gemini-2.5-flash-lite',
});
