import type { AssistantPart, CanonicalResponse } from '../canonical.js';
import type { EncodeResponseContext } from '../codec.js';
import { customInputFromArguments, customToolNames } from '../custom-tools.js';
import { namespacedNames, wireToolName } from './namespace-tools.js';
import { customToolCallItem, finishFromStopReason, functionCallItem, messageItem, reasoningItem, responseObject } from './response-object.js';

/** CanonicalResponse -> the client's Response body. Output item n gets id `<kind>_<requestId>_<n>`. */

/**
 * `customTools`: names of the client's custom tools, whose calls go back as custom_tool_call
 * items; `namespaced`: flat names of tools the client grouped in namespaces, whose calls go
 * back with the tool's own name and its namespace (see namespace-tools.ts).
 */
function outputItem(
  part: AssistantPart,
  requestId: string,
  index: number,
  customTools: ReadonlySet<string>,
  namespaced: ReadonlyMap<string, { namespace: string; name: string }>,
): Record<string, unknown> | undefined {
  switch (part.type) {
    case 'text':
      return messageItem(`msg_${requestId}_${index}`, 'completed', [part.text]);
    case 'thinking':
      return reasoningItem(
        `rs_${requestId}_${index}`,
        part.text === '' ? undefined : part.text,
        // encrypted_content is opaque state only OpenAI can read back; a foreign signature
        // sent here would come back marked as OpenAI's and be rejected upstream.
        part.origin === 'openai-responses' ? part.signature : undefined,
      );
    case 'tool_call': {
      const named = wireToolName(part.name, namespaced);
      if (customTools.has(part.name)) {
        return customToolCallItem(`ctc_${requestId}_${index}`, 'completed', {
          callId: part.id,
          ...named,
          input: customInputFromArguments(part.arguments),
        });
      }
      return functionCallItem(`fc_${requestId}_${index}`, 'completed', { callId: part.id, ...named, arguments: part.arguments });
    }
    case 'redacted_thinking':
      return undefined;
  }
}

export function encodeResponse(response: CanonicalResponse, ctx: EncodeResponseContext): unknown {
  const output: Array<Record<string, unknown>> = [];
  const customTools = customToolNames(ctx.request.tools);
  const namespaced = namespacedNames(ctx.request.tools);
  for (const part of response.content) {
    const item = outputItem(part, ctx.requestId, output.length, customTools, namespaced);
    if (item) output.push(item);
  }
  if (response.stopReason === 'error') {
    return responseObject(ctx, {
      status: 'failed',
      output,
      usage: response.usage,
      error: { status: 502, kind: 'api_error', message: 'the upstream model stopped with an error' },
    });
  }
  const finish = finishFromStopReason(response.stopReason);
  return responseObject(ctx, {
    status: finish.status,
    output,
    usage: response.usage,
    incompleteDetails: finish.incompleteDetails,
  });
}
