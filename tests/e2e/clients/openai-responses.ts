import OpenAI from 'openai';
import type { Response, ResponseInputItem, ResponseUsage } from 'openai/resources/responses/responses';
import type { ClientDriver, NeutralUsage } from './types.js';
import { TOOL_RESULT, WEATHER_PROMPT, WEATHER_TOOL } from './types.js';

function usageOf(u: ResponseUsage | undefined): NeutralUsage {
  return {
    input: u?.input_tokens,
    output: u?.output_tokens,
    cached: u?.input_tokens_details?.cached_tokens ?? 0,
    reasoning: u?.output_tokens_details?.reasoning_tokens ?? 0,
  };
}

function reasoningText(r: Response): string {
  return r.output
    .flatMap((item) => (item.type === 'reasoning' ? item.summary.map((s) => s.text) : []))
    .join('');
}

export function openaiResponsesDriver(baseUrl: string): ClientDriver {
  const client = new OpenAI({ apiKey: 'gateway-key', baseURL: `${baseUrl}/v1`, maxRetries: 0 });
  const tools = [{ type: 'function' as const, ...WEATHER_TOOL, strict: false }];
  return {
    format: 'openai-responses',
    usageFields: ['input', 'output', 'cached', 'reasoning'],
    async text(model, prompt) {
      const r = await client.responses.create({ model, instructions: 'Be brief.', input: prompt, store: false });
      return { text: r.output_text, usage: usageOf(r.usage) };
    },
    async streamText(model, prompt) {
      const stream = client.responses.stream({ model, input: prompt, store: false });
      let deltas = 0;
      stream.on('response.output_text.delta', () => deltas++);
      const final = await stream.finalResponse();
      return { text: final.output_text, usage: usageOf(final.usage), deltas };
    },
    async toolRoundTrip(model, streamed) {
      const input: ResponseInputItem[] = [{ role: 'user', content: WEATHER_PROMPT }];
      let argumentPieces = 0;
      let first: Response;
      if (streamed) {
        const stream = client.responses.stream({ model, input, tools, store: false });
        stream.on('response.function_call_arguments.delta', () => argumentPieces++);
        first = await stream.finalResponse();
      } else {
        first = await client.responses.create({ model, input, tools, store: false });
      }
      const call = first.output.find((i) => i.type === 'function_call');
      if (!call || call.type !== 'function_call') throw new Error(`expected a function call, got ${JSON.stringify(first.output)}`);
      // The SDK's stream helper adds `parsed_arguments` to function calls; the API does not
      // accept it back as input, so it is removed as a client replaying output would.
      input.push(...first.output.map((item) => {
        if (item.type !== 'function_call') return item as ResponseInputItem;
        const { parsed_arguments: _parsed, ...rest } = item as typeof item & { parsed_arguments?: unknown };
        return rest as ResponseInputItem;
      }));
      input.push({ type: 'function_call_output', call_id: call.call_id, output: TOOL_RESULT });
      const second = streamed
        ? await client.responses.stream({ model, input, tools, store: false }).finalResponse()
        : await client.responses.create({ model, input, tools, store: false });
      return { call: { name: call.name, args: JSON.parse(call.arguments) }, argumentPieces, finalText: second.output_text };
    },
    async image(model, png) {
      const r = await client.responses.create({
        model,
        store: false,
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'Describe this.' }, { type: 'input_image', image_url: `data:image/png;base64,${png}`, detail: 'auto' }] }],
      });
      return r.output_text;
    },
    async reasoning(model, streamed) {
      const body = { model, input: 'Think first.', reasoning: { effort: 'low' as const, summary: 'auto' as const }, store: false };
      if (!streamed) {
        const r = await client.responses.create(body);
        return { reasoning: reasoningText(r), text: r.output_text };
      }
      const stream = client.responses.stream(body);
      let reasoning = '';
      stream.on('response.reasoning_summary_text.delta', (e) => (reasoning += e.delta));
      const final = await stream.finalResponse();
      return { reasoning, text: final.output_text };
    },
    async failure(model) {
      try {
        await client.responses.create({ model, input: 'hi', store: false });
      } catch (err) {
        return err;
      }
      throw new Error('expected the request to fail');
    },
  };
}
