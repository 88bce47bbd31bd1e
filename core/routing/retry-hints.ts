// When may a rate-limited scope be tried again? Each reader turns one kind of hint a provider
// gives into a Unix ms time, or undefined when the hint is absent or unreadable.

export type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

/**
 * The first value of a header. `name` and the bag's keys are lowercase, as node:http and
 * undici deliver them; this is read for a dozen names on every answer, so it must not scan.
 */
export function headerValue(headers: HeaderBag | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

const NON_NEGATIVE_NUMBER = /^\d+(?:\.\d+)?$/;

/** RFC 9110 Retry-After: delta-seconds or an HTTP-date (a date in the past means now). */
export function parseRetryAfter(value: string, now: number): number | undefined {
  const text = value.trim();
  if (NON_NEGATIVE_NUMBER.test(text)) return now + Math.ceil(Number(text) * 1000);
  // An HTTP-date always names a weekday or a month; this keeps bare numbers like "-5" out of Date.parse.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(now, at);
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|us|µs|ns|h|m|s))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g;

/**
 * Go-style durations as OpenAI sends them in x-ratelimit-reset-* ("1s", "6m0s", "20ms",
 * "1h2m3.5s"), which also covers protobuf JSON durations in Gemini's RetryInfo ("30s").
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return undefined;
  let ms = 0;
  for (const match of trimmed.matchAll(DURATION_PART)) {
    const unit = DURATION_UNITS_MS[match[2] ?? ''];
    if (unit === undefined) return undefined;
    ms += Number(match[1]) * unit;
  }
  return Math.ceil(ms);
}

/** `retry-after-ms` (OpenAI, Azure: the same hint in finer units) first, then Retry-After. */
export function retryAfterAt(headers: HeaderBag | undefined, now: number): number | undefined {
  const ms = headerValue(headers, 'retry-after-ms');
  if (ms !== undefined && NON_NEGATIVE_NUMBER.test(ms)) return now + Math.ceil(Number(ms));
  const retryAfter = headerValue(headers, 'retry-after');
  return retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, now);
}

interface ResetHint {
  at: number;
  exhausted: boolean;
}

/**
 * Provider rate-limit windows sent with every answer. A 429 does not say which window ran
 * out, so the windows whose `remaining` is 0 decide; when none says so, the latest reset.
 */
export function rateLimitResetAt(headers: HeaderBag | undefined, now: number): number | undefined {
  const hints: ResetHint[] = [];
  // OpenAI: durations until the window refills.
  for (const window of ['requests', 'tokens']) {
    const reset = headerValue(headers, `x-ratelimit-reset-${window}`);
    const ms = reset === undefined ? undefined : parseDuration(reset);
    if (ms !== undefined) hints.push({ at: now + ms, exhausted: isZero(headerValue(headers, `x-ratelimit-remaining-${window}`)) });
  }
  // Anthropic: RFC 3339 times.
  for (const window of ['requests', 'tokens', 'input-tokens', 'output-tokens']) {
    const reset = headerValue(headers, `anthropic-ratelimit-${window}-reset`);
    const at = reset === undefined ? undefined : parseTimestamp(reset);
    if (at !== undefined) {
      hints.push({ at: Math.max(now, at), exhausted: isZero(headerValue(headers, `anthropic-ratelimit-${window}-remaining`)) });
    }
  }
  // The unprefixed x-ratelimit-reset is an epoch in ms or s on some gateways, seconds to wait on others.
  const generic = headerValue(headers, 'x-ratelimit-reset');
  if (generic !== undefined && NON_NEGATIVE_NUMBER.test(generic)) {
    const n = Number(generic);
    const at = n > 1e12 ? n : n > 1e9 ? n * 1000 : now + n * 1000;
    hints.push({ at: Math.max(now, Math.ceil(at)), exhausted: isZero(headerValue(headers, 'x-ratelimit-remaining')) });
  }
  const exhausted = hints.filter((h) => h.exhausted);
  const chosen = exhausted.length > 0 ? exhausted : hints;
  return chosen.length === 0 ? undefined : Math.max(...chosen.map((h) => h.at));
}

/**
 * Waits written into error messages: OpenAI's "Please try again in 6m0s." and Anthropic's
 * usage-limit "You will regain access on 2025-08-01 at 00:00 UTC."
 */
export function messageRetryAt(message: string, now: number): number | undefined {
  const tryAgain = /try again in ((?:\d+(?:\.\d+)?(?:ms|us|µs|ns|h|m|s))+)/i.exec(message);
  const ms = tryAgain?.[1] === undefined ? undefined : parseDuration(tryAgain[1]);
  if (ms !== undefined) return now + ms;
  const regain = /regain access on (\d{4}-\d{2}-\d{2}) at (\d{2}:\d{2}) UTC/i.exec(message);
  if (regain?.[1] !== undefined && regain[2] !== undefined) {
    const at = Date.parse(`${regain[1]}T${regain[2]}:00Z`);
    if (!Number.isNaN(at)) return Math.max(now, at);
  }
  return undefined;
}

/** The next midnight, as a Unix ms time, on the wall clock of an IANA time zone. */
export function nextMidnightAt(timeZone: string, now: number): number {
  const wall = new Date(now + zoneOffsetMs(timeZone, now));
  const localMidnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + 1);
  // The offset at midnight may differ from the offset now (a daylight-saving change today);
  // a second pass settles it.
  let at = localMidnight - zoneOffsetMs(timeZone, now);
  at = localMidnight - zoneOffsetMs(timeZone, at);
  return at;
}

/** How far the zone's wall clock is ahead of UTC at `at`, in ms. */
function zoneOffsetMs(timeZone: string, at: number): number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const parts = new Map(format.formatToParts(at).map((p) => [p.type, Number(p.value)]));
  const part = (type: Intl.DateTimeFormatPartTypes): number => parts.get(type) ?? 0;
  const wallAsUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallAsUtc - Math.floor(at / 1000) * 1000;
}

function isZero(value: string | undefined): boolean {
  return value !== undefined && NON_NEGATIVE_NUMBER.test(value) && Number(value) === 0;
}

function parseTimestamp(text: string): number | undefined {
  // RFC 3339 only: Date.parse accepts much looser text.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}
