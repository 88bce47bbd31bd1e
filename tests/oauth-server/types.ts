// The public shapes of the fake authorization server: its options, the handle a test holds,
// and what it records. Kept apart so every module can share them without import cycles.

/** A client registered with the server (a public client unless it has a secret). */
export interface RegisteredClient {
  id: string;
  /** Exact redirect URIs; a loopback IP one without a port accepts any port (see clients.ts). */
  redirectUris: string[];
  /** When set, the token endpoint requires it (client_secret in the body, or HTTP Basic). */
  secret?: string;
}

export interface FakeAuthOptions {
  /** Default: one public client, DEFAULT_CLIENT. */
  clients?: RegisteredClient[];
  /** The simulated user refuses consent: authorize redirects with error=access_denied. */
  deny?: boolean;
  /** Refresh-token rotation (default true); when false a refresh returns the same refresh token. */
  rotateRefresh?: boolean;
  /** Access-token lifetime, returned as expires_in (default 3600). */
  accessTtlSec?: number;
  /** Device-code lifetime (default 600). */
  deviceExpiresSec?: number;
  /** Initial device polling interval in seconds (default 5). */
  deviceInterval?: number;
  /** Merged last into every token response, so a test can also model a provider's deviation. */
  extraTokenFields?: Record<string, unknown>;
  /** What GET /oauth/userinfo answers (default dev@example.com). */
  email?: string;
  /** Clock in ms for every expiry and polling-interval check (default Date.now). */
  now?: () => number;
}

export interface RecordedAuthRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The parsed form or JSON object, secrets included: tests need to see what was sent. */
  body: Record<string, unknown> | undefined;
  rawBody: string;
}

export interface FakeAuthServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  readonly url: string;
  readonly requests: RecordedAuthRequest[];
  /** Every grant_type=refresh_token request received, successful or not. */
  readonly refreshCount: number;
  /** Every successful token response (one access token each). */
  readonly tokensIssued: number;
  /** The browser step: GET the authorize URL without following, and return its Location. */
  browse(authorizeUrl: string): Promise<{ location: string }>;
  /** The user enters the code and approves (throws for an unknown user code). */
  approveDevice(userCode: string): void;
  /** The user enters the code and refuses (throws for an unknown user code). */
  denyDevice(userCode: string): void;
  /** Revokes every token family: refresh answers invalid_grant, userinfo 401. */
  revokeAll(): void;
  close(): Promise<void>;
}

/** An RFC 6749 §5.2 error, with the HTTP status it is sent with. */
export interface OAuthError {
  status: number;
  error: string;
  description: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: OAuthError };

export type Params = ReadonlyMap<string, string>;

export type Clock = () => number;
