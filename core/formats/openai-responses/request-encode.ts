import {
  budgetToEffort,
  type CanonicalMessage,
  type CanonicalRequest,
  type ContentPart,
  type ImagePart,
  type TextPart,
  type ToolChoice,
  type ToolDefinition,
} from '../canonical.js';
import type { EncodeRequestContext } from '../codec.js';
import { customInputFromArguments, customToolNames } from '../custom-tools.js';

/** CanonicalRequest -> upstream Responses API body. */

// The Responses API rejects max_output_tokens below 16.
const MIN_OUTPUT_TOKENS = 16;

type WireItem = Record<string, unknown>;

function imageContent(part: ImagePart): WireItem {
  const url = part.source.kind === 'base64' ? `data:${part.source.mediaType};base64,${part.source.data}` : part.source.url;
  return { type: 'input_image', image_url: url, detail: part.detail ?? 'auto' };
}

function inputContent(part: TextPart | ImagePart): WireItem {
  return part.type === 'text' ? { type: 'input_text', text: part.text } : imageContent(part);
}

function toolOutput(content: Array<TextPart | ImagePart>): string | WireItem[] {
  if (content.every((p) => p.type === 'text')) return content.map((p) => (p as TextPart).text).join('\n\n');
  return content.map(inputContent);
}

/** Calls to custom tools and their outputs go as the custom item types the API pairs them by. */
function userItems(message: CanonicalMessage, custom: ReadonlySet<string>): WireItem[] {
  const items: WireItem[] = [];
  let pending: WireItem[] = [];
  const flush = (): void => {
    if (pending.length > 0) items.push({ type: 'message', role: 'user', content: pending });
    pending = [];
  };
  for (const part of message.content) {
    if (part.type === 'text' || part.type === 'image') pending.push(inputContent(part));
    else if (part.type === 'tool_result') {
      flush();
      const type = custom.has(part.name) ? 'custom_tool_call_output' : 'function_call_output';
      items.push({ type, call_id: part.toolCallId, output: toolOutput(part.content) });
    }
    // Thinking and tool calls cannot sit in a user turn of this format; nothing to send.
  }
  flush();
  return items;
}

function assistantItems(content: ContentPart[], custom: ReadonlySet<string>): WireItem[] {
  const items: WireItem[] = [];
  let texts: WireItem[] = [];
  const flush = (): void => {
    if (texts.length > 0) items.push({ type: 'message', role: 'assistant', content: texts });
    texts = [];
  };
  for (const part of content) {
    switch (part.type) {
      case 'text':
        texts.push({ type: 'output_text', text: part.text });
        break;
      case 'tool_call':
        flush();
        items.push(
          custom.has(part.name)
            ? { type: 'custom_tool_call', call_id: part.id, name: part.name, input: customInputFromArguments(part.arguments) }
            : { type: 'function_call', call_id: part.id, name: part.name, arguments: part.arguments },
        );
        break;
      case 'thinking':
        // Encrypted reasoning is only valid at OpenAI; without it a reasoning item cannot be
        // replayed. The item id is left out because with store:false the API would look it up
        // and fail ("Items are not persisted when store is set to false").
        if (part.origin === 'openai-responses' && part.signature) {
          flush();
          items.push({
            type: 'reasoning',
            summary: part.text === '' ? [] : [{ type: 'summary_text', text: part.text }],
            encrypted_content: part.signature,
          });
        }
        break;
      default:
        break;
    }
  }
  flush();
  return items;
}

/** An instruction given mid-conversation: a developer message, the Responses way of saying it. */
function systemItem(message: CanonicalMessage): WireItem[] {
  const content = message.content.flatMap((p) => (p.type === 'text' ? [{ type: 'input_text', text: p.text }] : []));
  return content.length === 0 ? [] : [{ type: 'message', role: 'developer', content }];
}

/** The API's web search tool; it filters by allowed domains only. */
function webSearchTool(search: NonNullable<CanonicalRequest['webSearch']>, ctx: EncodeRequestContext): WireItem {
  if (search.blockedDomains && search.blockedDomains.length > 0) {
    ctx.warn?.('webSearch.blockedDomains dropped: the Responses web_search tool filters by allowed domains only');
  }
  if (search.maxUses !== undefined) ctx.warn?.('webSearch.maxUses dropped: the Responses web_search tool has no per-tool use limit');
  const allowed = search.allowedDomains;
  return allowed && allowed.length > 0 ? { type: 'web_search', filters: { allowed_domains: allowed } } : { type: 'web_search' };
}

function encodeToolChoice(choice: ToolChoice, custom: ReadonlySet<string>): unknown {
  if (choice.type !== 'tool') return choice.type;
  return { type: custom.has(choice.name) ? 'custom' : 'function', name: choice.name };
}

function encodeTool(tool: ToolDefinition): WireItem {
  const description = tool.description !== undefined ? { description: tool.description } : {};
  if (tool.custom) {
    return { type: 'custom', name: tool.name, ...description, ...(tool.custom.format ? { format: tool.custom.format } : {}) };
  }
  return {
    type: 'function',
    name: tool.name,
    ...description,
    parameters: tool.parameters,
    // Responses treats an absent `strict` as true, which rejects most ordinary schemas.
    strict: tool.strict ?? false,
  };
}

export function encodeRequest(request: CanonicalRequest, ctx: EncodeRequestContext): Record<string, unknown> {
  const custom = customToolNames(request.tools);
  const input: WireItem[] = [];
  for (const message of request.messages) {
    if (message.role === 'user') input.push(...userItems(message, custom));
    else if (message.role === 'system') input.push(...systemItem(message));
    else input.push(...assistantItems(message.content, custom));
  }
  const body: Record<string, unknown> = { model: ctx.model, input };
  if (request.system.length > 0) body.instructions = request.system.map((p) => p.text).join('\n\n');
  const tools = (request.tools ?? []).map(encodeTool);
  if (request.webSearch) tools.push(webSearchTool(request.webSearch, ctx));
  if (tools.length > 0) body.tools = tools;
  if (request.toolChoice) body.tool_choice = encodeToolChoice(request.toolChoice, custom);
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.maxTokens !== undefined) body.max_output_tokens = Math.max(request.maxTokens, MIN_OUTPUT_TOKENS);
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.responseFormat) body.text = { format: request.responseFormat };
  const reasoning = request.reasoning;
  if (reasoning?.enabled) {
    const effort = reasoning.effort ?? (reasoning.budgetTokens !== undefined ? budgetToEffort(reasoning.budgetTokens) : undefined);
    body.reasoning = {
      ...(effort !== undefined ? { effort } : {}),
      ...(reasoning.includeThoughts ? { summary: 'auto' } : {}),
    };
  }
  if (request.user !== undefined) body.user = request.user;
  body.stream = request.stream;
  body.store = false;
  // With store:false the reasoning state only survives the turn if the API returns it encrypted.
  if (reasoning?.enabled) body.include = ['reasoning.encrypted_content'];
  return body;
}
