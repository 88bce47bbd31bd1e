/**
 * Shared pieces of the routing end-to-end suites: a clock the tests move by hand, a second
 * account for the OpenAI Chat upstream, and lookups of what the mock and the gateway saw.
 */
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { Harness } from './harness.js';
import type { ExtraConnection } from './harness.js';
import type { MockUpstream } from '../mock-upstream/index.js';

/** Routing state and request timestamps read this; only the test moves it. */
export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2030, 0, 1)): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
  };
}

/** The harness gives up-chat one account, `main` (default priority 100); this one comes after it. */
export const BACKUP: ExtraConnection = { provider: 'up-chat', label: 'backup', apiKey: 'key-up-chat-backup', priority: 200 };

/**
 * An account-wide rate limit in OpenAI's error shape: it says the account is limited (so it
 * cools the whole account, not one model), no quota or billing words (so not a spent quota);
 * the Retry-After header sets the cooldown end.
 */
export const ACCOUNT_RATE_LIMIT_BODY = {
  error: { message: 'You are sending requests too quickly on this account. Please slow down.', type: 'requests', param: null, code: 'rate_limit_exceeded' },
};

/** How many requests the mock saw with this key (optionally for one upstream model). */
export function callsWith(mock: MockUpstream, apiKey: string, model?: string): number {
  return mock.requests.filter((r) => r.apiKey === apiKey && (model === undefined || r.model === model)).length;
}

/** The connection id behind a provider's account label, as routing keys name it. */
export async function connectionId(h: Harness, provider: string, label: string): Promise<string> {
  const found = (await h.gateway.store.connections.list()).find((c) => c.providerId === provider && c.label === label);
  if (!found) throw new Error(`no connection ${provider}/${label}`);
  return found.id;
}

export function openai(h: Harness): OpenAI {
  return new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
}

/** One non-streamed chat completion through the official SDK, with the route headers. */
export async function chat(h: Harness, model: string, prompt = 'hi') {
  const { data, response } = await openai(h).chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] }).withResponse();
  return {
    text: data.choices[0]?.message.content,
    provider: response.headers.get('x-omniroute-provider'),
    account: response.headers.get('x-omniroute-account'),
    attempts: response.headers.get('x-omniroute-attempts'),
    fallbacks: response.headers.get('x-omniroute-fallbacks'),
  };
}

/** A chat completion that must fail: its HTTP status and the message the SDK reports. */
export async function chatFailure(h: Harness, model: string, prompt = 'hi'): Promise<{ status: number | undefined; message: string }> {
  const err = await openai(h).chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] }).catch((e: unknown) => e);
  assert.ok(err instanceof OpenAI.APIError, `expected an API error, got ${String(err)}`);
  return { status: err.status, message: err.message };
}

/** Polls until `cond` holds; fails after `ms`, so a test never hangs on it. */
export async function waitFor(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
