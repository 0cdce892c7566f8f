import { isRecord } from '../settings';

/** A refusal of the gateway or of the realm's Authentication Service: the HTTP status and the code of docs/protocol.md. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/**
 * One JSON call with the signed-in user's access token: the answer's JSON (null for 204), or a GatewayError with
 * the refusal's documented code.
 */
export async function callJson(url: URL, accessToken: string, method = 'GET', body?: unknown): Promise<unknown> {
  return callJsonText(url, accessToken, method, body === undefined ? undefined : JSON.stringify(body), {});
}

/**
 * callJson with the body already serialized (sent byte for byte as given, e.g. because a request proof signed it)
 * and further request headers.
 */
export async function callJsonText(url: URL, accessToken: string, method: string, body: string | undefined,
  extraHeaders: Readonly<Record<string, string>>): Promise<unknown> {
  const headers: Record<string, string> = {
    ...extraHeaders, Authorization: `Bearer ${accessToken}`, Accept: 'application/json',
  };
  const init: RequestInit = { method, headers, cache: 'no-store', credentials: 'omit' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = body;
  }
  const response = await fetch(url, init);
  if (response.status === 204) {
    return null;
  }
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    throw refusal(response, answer);
  }
  if (answer === null) {
    throw new GatewayError(response.status, 'malformed_response', 'The server answered with something that is not JSON.', null);
  }
  return answer;
}

/** A JSON object answer, or a GatewayError saying it is not one. */
export function record(answer: unknown): Record<string, unknown> {
  if (!isRecord(answer)) {
    throw new GatewayError(200, 'malformed_response', 'The server answered with something that is not a JSON object.', null);
  }
  return answer;
}

/** A string field of an answer, or a GatewayError naming the missing field. */
export function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') {
    throw new GatewayError(200, 'malformed_response', `The server's answer lacks ${field}.`, null);
  }
  return value;
}

function refusal(response: Response, body: unknown): GatewayError {
  const code = isRecord(body) ? body['error'] : undefined;
  if (isRecord(body) && typeof code === 'string') {
    const retry = body['retry_after_seconds'];
    return new GatewayError(response.status, code, String(body['message'] ?? ''), typeof retry === 'number' ? retry : null);
  }
  return new GatewayError(response.status, 'http_' + response.status, `The server answered HTTP ${response.status}.`, null);
}
