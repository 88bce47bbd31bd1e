import type { IncomingMessage } from 'node:http';
import type { CanonicalError } from '../formats/canonical.js';
import { isUpload, serviceForPath } from '../services/service-paths.js';

/**
 * Keeps web pages from using the gateway. A page on any site can make the user's browser
 * POST to 127.0.0.1 without a CORS preflight as long as the request is "simple" (a form, or
 * text/plain from fetch); the response is unreadable to the page, but the upstream call,
 * and its cost, already happened. API clients (SDKs, curl, coding tools) send no Origin and
 * send JSON, so refusing what only a browser sends costs them nothing:
 * - an Origin other than the gateway's own (the dashboard served by `serve`) or one the
 *   user listed in server.allowedOrigins;
 * - Sec-Fetch-Site: cross-site without such an Origin (a navigation or no-cors request);
 * - a body-carrying method whose content type a page may send without a preflight
 *   (text/plain, form, multipart), or no content type with a body. The one exception is
 *   multipart on an upload endpoint (audio transcription), which API clients must send that
 *   way: it passes only without a foreign Origin (browsers send Origin on every cross-origin
 *   POST, forms included) and without a cross-site or same-site Sec-Fetch-Site.
 * Nothing here grants CORS: a listed origin may call the gateway, but the gateway adds no
 * Access-Control-* headers, so it cannot read cross-origin answers unless a later change
 * says so per origin.
 */
export type BrowserGuard = (req: IncomingMessage) => CanonicalError | undefined;

const SIMPLE_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FOREIGN_SITES = new Set(['cross-site', 'same-site']);

function isUploadPath(req: IncomingMessage): boolean {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const endpoint = serviceForPath(q === -1 ? url : url.slice(0, q));
  return endpoint !== undefined && isUpload(endpoint);
}

export function createBrowserGuard(allowedOrigins: readonly string[]): BrowserGuard {
  const listed = new Set(allowedOrigins.map(normalizeOrigin).filter((o): o is string => o !== undefined));
  return (req) => {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!isOwnOrigin(origin, req.headers.host) && !listed.has(normalizeOrigin(origin) ?? '')) {
        return {
          status: 403,
          kind: 'permission',
          message: `Requests from the web page origin "${origin}" are refused. API clients send no Origin header; to let a page call the gateway, add its origin to server.allowedOrigins.`,
        };
      }
    } else if (req.headers['sec-fetch-site'] === 'cross-site') {
      return { status: 403, kind: 'permission', message: 'Cross-site browser requests are refused.' };
    }
    if (BODY_METHODS.has(req.method ?? '')) {
      const type = req.headers['content-type'];
      const mediaType = type?.split(';', 1)[0]!.trim().toLowerCase();
      const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';
      if (mediaType === 'multipart/form-data' && isUploadPath(req) && !FOREIGN_SITES.has(String(req.headers['sec-fetch-site']))) return undefined;
      if (mediaType !== undefined ? SIMPLE_TYPES.has(mediaType) : hasBody) {
        return {
          status: 415,
          kind: 'invalid_request',
          message: `The content type "${type ?? ''}" is refused (web pages can send it without asking). Send the body as JSON with content-type: application/json.`,
        };
      }
    }
    return undefined;
  };
}

/** The page the gateway itself serves (the dashboard) has the origin of the Host it was reached by. */
function isOwnOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  const lower = origin.toLowerCase();
  return lower === `http://${host.toLowerCase()}` || lower === `https://${host.toLowerCase()}`;
}

/** scheme://host[:port] lowercased, default ports dropped; undefined for "null" and non-URLs. */
function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin.toLowerCase();
  } catch {
    return undefined;
  }
}
