import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlock, MessageParam, Usage } from '@anthropic-ai/sdk/resources/messages';
import type { ClientDriver, NeutralUsage } from './types.js';
import { TOOL_RESULT, WEATHER_PROMPT, WEATHER_TOOL } from './types.js';

function usageOf(u: Usage): NeutralUsage {
  const cached = u.cache_read_input_tokens ?? 0;
  return { input: u.input_tokens + cached + (u.cache_creation_input_tokens ?? 0), output: u.output_tokens, cached };
}

function textOf(content: ContentBlock[]): string {
  return content.map((b) => (b.type === 'text' ? b.text : '')).join('');
}

export function anthropicDriver(baseUrl: string): ClientDriver & {
  thinkingToolRoundTrip(model: string): Promise<{ signature: string; finalText: string }>;
} {
  const client = new Anthropic({ apiKey: 'gateway-key', baseURL: baseUrl, maxRetries: 0 });
  const tools = [{ name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, input_schema: WEATHER_TOOL.parameters as Anthropic.Tool.InputSchema }];
  return {
    format: 'anthropic',
    usageFields: ['input', 'output', 'cached'],
    async text(model, prompt) {
      const r = await client.messages.create({ model, max_tokens: 256, system: 'Be brief.', messages: [{ role: 'user', content: prompt }] });
      return { text: textOf(r.content), usage: usageOf(r.usage) };
    },
    async streamText(model, prompt) {
      const stream = client.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: prompt }] });
      let deltas = 0;
      stream.on('text', () => deltas++);
      const final = await stream.finalMessage();
      return { text: textOf(final.content), usage: usageOf(final.usage), deltas };
    },
    async toolRoundTrip(model, streamed) {
      const messages: MessageParam[] = [{ role: 'user', content: WEATHER_PROMPT }];
      let argumentPieces = 0;
      let first: Anthropic.Message;
      if (streamed) {
        const stream = client.messages.stream({ model, max_tokens: 256, messages, tools });
        stream.on('inputJson', () => argumentPieces++);
        first = await stream.finalMessage();
      } else {
        first = await client.messages.create({ model, max_tokens: 256, messages, tools });
      }
      const call = first.content.find((b) => b.type === 'tool_use');
      if (!call || call.type !== 'tool_use') throw new Error(`expected tool_use, got ${JSON.stringify(first.content)}`);
      messages.push({ role: 'assistant', content: first.content });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: TOOL_RESULT }] });
      const second = streamed
        ? await client.messages.stream({ model, max_tokens: 256, messages, tools }).finalMessage()
        : await client.messages.create({ model, max_tokens: 256, messages, tools });
      return { call: { name: call.name, args: call.input }, argumentPieces, finalText: textOf(second.content) };
    },
    async image(model, png) {
      const r = await client.messages.create({
        model,
        max_tokens: 256,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe this.' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }] }],
      });
      return textOf(r.content);
    },
    async reasoning(model, streamed) {
      const body = { model, max_tokens: 2048, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, messages: [{ role: 'user' as const, content: 'Think first.' }] };
      const r = streamed ? await client.messages.stream(body).finalMessage() : await client.messages.create(body);
      const reasoning = r.content.map((b) => (b.type === 'thinking' ? b.thinking : '')).join('');
      return { reasoning, text: textOf(r.content) };
    },
    /** Thinking + tool use across two turns: the thinking block (and its signature) goes back. */
    async thinkingToolRoundTrip(model) {
      const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
      const messages: MessageParam[] = [{ role: 'user', content: WEATHER_PROMPT }];
      const first = await client.messages.stream({ model, max_tokens: 2048, thinking, messages, tools }).finalMessage();
      const block = first.content.find((b) => b.type === 'thinking');
      const call = first.content.find((b) => b.type === 'tool_use');
      if (!block || block.type !== 'thinking' || !call || call.type !== 'tool_use') throw new Error(`expected thinking + tool_use, got ${JSON.stringify(first.content)}`);
      messages.push({ role: 'assistant', content: first.content });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: TOOL_RESULT }] });
      const second = await client.messages.create({ model, max_tokens: 2048, thinking, messages, tools });
      return { signature: block.signature, finalText: textOf(second.content) };
    },
    async failure(model) {
      try {
        await client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
      } catch (err) {
        return err;
      }
      throw new Error('expected the request to fail');
    },
  };
}
