import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  argumentsFromCustomInput,
  CUSTOM_ARGUMENTS_CLOSE,
  CUSTOM_ARGUMENTS_OPEN,
  customArgumentsPiece,
  customInputFromArguments,
  customToolDefinition,
  customToolNames,
  functionToolDefinition,
} from './custom-tools.js';

test('free text survives the trip through {"input": ...} arguments unchanged', () => {
  for (const text of ['', 'plain', '*** Begin Patch\n+"quoted" \\ back\tslash\n*** End Patch\n', 'emoji 😀 ✓ \u2028', '{"input":"nested"}']) {
    const args = argumentsFromCustomInput(text);
    assert.deepEqual(JSON.parse(args), { input: text });
    assert.equal(customInputFromArguments(args), text);
  }
});

test('streamed arguments (opening, escaped pieces, closing) add up to the whole arguments', () => {
  const text = '*** Begin Patch\n+"quoted" \\ back\tslash\n*** End Patch\n é ✓';
  const pieces = [text.slice(0, 7), text.slice(7, 20), text.slice(20)];
  assert.equal(CUSTOM_ARGUMENTS_OPEN + pieces.map(customArgumentsPiece).join('') + CUSTOM_ARGUMENTS_CLOSE, argumentsFromCustomInput(text));
});

test('arguments that are not an object with a string input are passed on as the raw text', () => {
  for (const args of ['{"city":"Paris","unit":"celsius"}', '{"input":5}', '["input"]', '"text"', '{"input":"cut sho', '', 'null']) {
    assert.equal(customInputFromArguments(args), args);
  }
  // Other keys beside a string input do not matter.
  assert.equal(customInputFromArguments('{"reason":"x","input":"patch"}'), 'patch');
});

test('a custom tool becomes a function tool with one required string argument, grammar spelled out', () => {
  const lark = customToolDefinition({
    name: 'apply_patch',
    description: 'Edit files.',
    format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' },
  });
  assert.equal(lark.name, 'apply_patch');
  assert.equal(lark.description, 'Edit files.');
  assert.deepEqual(lark.custom, { format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } });
  assert.deepEqual(lark.parameters.required, ['input']);
  const input = (lark.parameters.properties as Record<string, { type: string; description: string }>).input;
  assert.equal(input?.type, 'string');
  assert.match(input?.description ?? '', /lark grammar:\nstart: "x"$/);

  const regex = customToolDefinition({ name: 'n', format: { type: 'grammar', syntax: 'regex', definition: '^\\d+$' } });
  assert.match(JSON.stringify(regex.parameters), /regular expression: \^\\\\d\+\$/);
  const plain = customToolDefinition({ name: 'p' });
  assert.deepEqual(plain.custom, {});
  assert.equal('description' in plain, false);
  assert.doesNotMatch(JSON.stringify(plain.parameters), /grammar|regular/);

  assert.deepEqual(customToolNames([lark, plain, { name: 'f', parameters: {} }]), new Set(['apply_patch', 'p']));
  assert.deepEqual(customToolNames(undefined), new Set());
});

test('a function tool without parameters takes no arguments; null description and strict are left out', () => {
  assert.deepEqual(functionToolDefinition({ name: 'f', description: null, parameters: null, strict: null }), {
    name: 'f',
    parameters: { type: 'object', properties: {} },
  });
  const parameters = { type: 'object', properties: { q: { type: 'string' } } };
  assert.deepEqual(functionToolDefinition({ name: 'g', description: 'd', parameters, strict: false }), {
    name: 'g',
    parameters,
    description: 'd',
    strict: false,
  });
});
