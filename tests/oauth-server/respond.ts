// Writing answers: RFC 6749 §5.1 token responses are never cached, §5.2 errors are a JSON
// object with error/error_description, and authorize errors that cannot redirect are HTML.
import type { ServerResponse } from 'node:http';
import type { OAuthError } from './types.js';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    pragma: 'no-cache',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, err: OAuthError, headers: Record<string, string> = {}): void {
  sendJson(res, err.status, { error: err.error, error_description: err.description }, headers);
}

export function oauthError(error: string, description: string, status = 400): OAuthError {
  return { status, error, description };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function sendHtml(res: ServerResponse, status: number, title: string, message: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`);
}

export function sendRedirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
}
