import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ClientDriver, NeutralUsage } from './types.js';
import { TOOL_RESULT, WEATHER_PROMPT, WEATHER_TOOL } from './types.js';

function usageOf(u: OpenAI.CompletionUsage | null | undefined): NeutralUsage {
  return {
    input: u?.prompt_tokens,
    output: u?.completion_tokens,
    cached: u?.prompt_tokens_details?.cached_tokens ?? 0,
    reasoning: u?.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

/** DeepSeek-style reasoning text: not in the SDK's types, but passed through by it. */
function reasoningOf(message: object): string {
  const r = (message as { reasoning_content?: unknown }).reasoning_content;
  return typeof r === 'string' ? r : '';
}

export function openaiChatDriver(baseUrl: string): ClientDriver {
  const client = new OpenAI({ apiKey: 'gateway-key', baseURL: `${baseUrl}/v1`, maxRetries: 0 });
  const tools = [{ type: 'function' as const, function: WEATHER_TOOL }];
  return {
    format: 'openai-chat',
    usageFields: ['input', 'output', 'cached', 'reasoning'],
    async text(model, prompt) {
      const r = await client.chat.completions.create({ model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: prompt }] });
      return { text: r.choices[0]?.message.content ?? '', usage: usageOf(r.usage) };
    },
    async streamText(model, prompt) {
      const stream = client.chat.completions.stream({ model, messages: [{ role: 'user', content: prompt }], stream_options: { include_usage: true } });
      let deltas = 0;
      stream.on('content', () => deltas++);
      const final = await stream.finalChatCompletion();
      return { text: final.choices[0]?.message.content ?? '', usage: usageOf(final.usage), deltas };
    },
    async toolRoundTrip(model, streamed) {
      const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: WEATHER_PROMPT }];
      let argumentPieces = 0;
      let message: OpenAI.ChatCompletionMessage;
      if (streamed) {
        const stream = client.chat.completions.stream({ model, messages, tools, stream: true });
        stream.on('tool_calls.function.arguments.delta', () => argumentPieces++);
        message = (await stream.finalChatCompletion()).choices[0]!.message;
      } else {
        message = (await client.chat.completions.create({ model, messages, tools })).choices[0]!.message;
      }
      const call = message.tool_calls?.[0];
      if (!call || call.type !== 'function') throw new Error(`expected a tool call, got ${JSON.stringify(message)}`);
      messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: message.tool_calls });
      messages.push({ role: 'tool', tool_call_id: call.id, content: TOOL_RESULT });
      const second = streamed
        ? (await client.chat.completions.stream({ model, messages, tools, stream: true }).finalChatCompletion()).choices[0]!.message
        : (await client.chat.completions.create({ model, messages, tools })).choices[0]!.message;
      return { call: { name: call.function.name, args: JSON.parse(call.function.arguments) }, argumentPieces, finalText: second.content ?? '' };
    },
    async image(model, png) {
      const r = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe this.' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }],
      });
      return r.choices[0]?.message.content ?? '';
    },
    async reasoning(model, streamed) {
      const body = { model, messages: [{ role: 'user' as const, content: 'Think first.' }], reasoning_effort: 'low' as const };
      if (!streamed) {
        const r = await client.chat.completions.create(body);
        return { reasoning: reasoningOf(r.choices[0]!.message), text: r.choices[0]!.message.content ?? '' };
      }
      const stream = await client.chat.completions.create({ ...body, stream: true });
      let reasoning = '';
      let text = '';
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta;
        if (!delta) continue;
        reasoning += reasoningOf(delta);
        text += delta.content ?? '';
      }
      return { reasoning, text };
    },
    async failure(model) {
      try {
        await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
      } catch (err) {
        return err;
      }
      throw new Error('expected the request to fail');
    },
  };
}
