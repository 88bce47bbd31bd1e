import { GoogleGenAI } from '@google/genai';
import type { Content, GenerateContentResponse, GenerateContentResponseUsageMetadata } from '@google/genai';
import type { ClientDriver, NeutralUsage } from './types.js';
import { TOOL_RESULT, WEATHER_PROMPT, WEATHER_TOOL } from './types.js';

function usageOf(u: GenerateContentResponseUsageMetadata | undefined): NeutralUsage {
  const thoughts = u?.thoughtsTokenCount ?? 0;
  return {
    input: u?.promptTokenCount,
    output: (u?.candidatesTokenCount ?? 0) + thoughts,
    cached: u?.cachedContentTokenCount ?? 0,
    reasoning: thoughts,
  };
}

function split(r: GenerateContentResponse): { text: string; thoughts: string } {
  let text = '';
  let thoughts = '';
  for (const part of r.candidates?.[0]?.content?.parts ?? []) {
    if (part.thought) thoughts += part.text ?? '';
    else text += part.text ?? '';
  }
  return { text, thoughts };
}

export function geminiDriver(baseUrl: string): ClientDriver {
  const ai = new GoogleGenAI({ apiKey: 'gateway-key', httpOptions: { baseUrl } });
  const tools = [{ functionDeclarations: [{ name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, parametersJsonSchema: WEATHER_TOOL.parameters }] }];
  return {
    format: 'gemini',
    usageFields: ['input', 'output', 'cached', 'reasoning'],
    async text(model, prompt) {
      const r = await ai.models.generateContent({ model, contents: prompt, config: { systemInstruction: 'Be brief.' } });
      return { text: split(r).text, usage: usageOf(r.usageMetadata) };
    },
    async streamText(model, prompt) {
      let text = '';
      let deltas = 0;
      let usage: GenerateContentResponseUsageMetadata | undefined;
      for await (const chunk of await ai.models.generateContentStream({ model, contents: prompt })) {
        const t = split(chunk).text;
        if (t) deltas++;
        text += t;
        usage = chunk.usageMetadata ?? usage;
      }
      return { text, usage: usageOf(usage), deltas };
    },
    async toolRoundTrip(model, streamed) {
      const contents: Content[] = [{ role: 'user', parts: [{ text: WEATHER_PROMPT }] }];
      let modelTurn: Content = { role: 'model', parts: [] };
      let argumentPieces = 0;
      if (streamed) {
        for await (const chunk of await ai.models.generateContentStream({ model, contents, config: { tools } })) {
          const parts = chunk.candidates?.[0]?.content?.parts ?? [];
          argumentPieces += parts.filter((p) => p.functionCall).length;
          modelTurn.parts!.push(...parts);
        }
      } else {
        const r = await ai.models.generateContent({ model, contents, config: { tools } });
        modelTurn = r.candidates?.[0]?.content ?? modelTurn;
      }
      const call = modelTurn.parts?.find((p) => p.functionCall)?.functionCall;
      if (!call?.name) throw new Error(`expected a function call, got ${JSON.stringify(modelTurn)}`);
      contents.push(modelTurn);
      contents.push({ role: 'user', parts: [{ functionResponse: { ...(call.id ? { id: call.id } : {}), name: call.name, response: { result: TOOL_RESULT } } }] });
      let finalText = '';
      if (streamed) {
        for await (const chunk of await ai.models.generateContentStream({ model, contents, config: { tools } })) finalText += split(chunk).text;
      } else {
        finalText = split(await ai.models.generateContent({ model, contents, config: { tools } })).text;
      }
      return { call: { name: call.name, args: call.args }, argumentPieces, finalText };
    },
    async image(model, png) {
      const r = await ai.models.generateContent({
        model,
        contents: [{ role: 'user', parts: [{ text: 'Describe this.' }, { inlineData: { mimeType: 'image/png', data: png } }] }],
      });
      return split(r).text;
    },
    async reasoning(model, streamed) {
      const config = { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } };
      if (!streamed) {
        const { text, thoughts } = split(await ai.models.generateContent({ model, contents: 'Think first.', config }));
        return { reasoning: thoughts, text };
      }
      let text = '';
      let reasoning = '';
      for await (const chunk of await ai.models.generateContentStream({ model, contents: 'Think first.', config })) {
        const s = split(chunk);
        text += s.text;
        reasoning += s.thoughts;
      }
      return { reasoning, text };
    },
    async failure(model) {
      try {
        await ai.models.generateContent({ model, contents: 'hi' });
      } catch (err) {
        return err;
      }
      throw new Error('expected the request to fail');
    },
  };
}
