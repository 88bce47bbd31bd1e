/**
 * Reads what a user pastes back in a headless sign-in: the full redirect URL from the browser's
 * address bar, Claude's `code#state` string, a bare query string, or a bare code.
 */
import { statesMatch } from './pkce.js';

export type ManualCodeErrorCode = 'empty' | 'no_code' | 'state_mismatch' | 'provider_error' | 'malformed';

export type ManualCodeResult = { ok: true; code: string; state?: string } | { ok: false; error: ManualCodeErrorCode; message: string };

export interface ParseManualCodeOptions {
  input: string;
  /** This sign-in's state; when the pasted text carries one it must match. */
  expectedState?: string;
}

/** RFC 6749 Appendix A.11: a code is VSCHAR (printable ASCII, no whitespace inside once trimmed). */
const CODE_CHARS = /^[\x21-\x7e]+$/;

function fromParams(params: URLSearchParams): ManualCodeResult {
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    return { ok: false, error: 'provider_error', message: `The provider refused the sign-in (${description ? `${error}: ${description}` : error}); start the sign-in again.` };
  }
  const code = params.get('code');
  if (!code) return { ok: false, error: 'no_code', message: 'The pasted address has no `code` parameter; copy the whole address of the page the sign-in ended on.' };
  const state = params.get('state');
  return state ? { ok: true, code, state } : { ok: true, code };
}

function parse(text: string): ManualCodeResult {
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, error: 'malformed', message: 'The pasted address is not a valid URL; copy it again from the browser.' };
    }
    const query = fromParams(url.searchParams);
    // Some pages put the answer in the fragment instead of the query.
    if (!query.ok && query.error === 'no_code' && url.hash.length > 1) return fromParams(new URLSearchParams(url.hash.slice(1)));
    return query;
  }
  if (/^\??(?:[^=&#]*=[^&#]*&)*(?:code|error)=/.test(text)) return fromParams(new URLSearchParams(text.replace(/^\?/, '')));
  // Claude's manual page shows `code#state`; the part after '#' is the state.
  const hash = text.indexOf('#');
  const code = hash === -1 ? text : text.slice(0, hash);
  const state = hash === -1 ? '' : text.slice(hash + 1);
  if (!code) return { ok: false, error: 'no_code', message: 'The pasted text has no code before the `#`; copy the whole code from the sign-in page.' };
  if (!CODE_CHARS.test(code) || (state !== '' && !CODE_CHARS.test(state))) {
    return { ok: false, error: 'malformed', message: 'The pasted code contains spaces or line breaks; copy it again in one piece.' };
  }
  return state ? { ok: true, code, state } : { ok: true, code };
}

export function parseManualCode(opts: ParseManualCodeOptions): ManualCodeResult {
  // Terminals and chat apps add quotes or angle brackets around a pasted value.
  const text = opts.input.trim().replace(/^["'<]+|["'>]+$/g, '').trim();
  if (!text) return { ok: false, error: 'empty', message: 'Nothing was pasted; paste the code or the address the sign-in ended on.' };
  const parsed = parse(text);
  if (parsed.ok && parsed.state !== undefined && opts.expectedState !== undefined && !statesMatch(opts.expectedState, parsed.state)) {
    // A different state means the code belongs to another sign-in (an older tab, or someone else's link).
    return { ok: false, error: 'state_mismatch', message: 'This code belongs to a different sign-in attempt; use the link from the current sign-in and paste its result.' };
  }
  return parsed;
}
