import { isRecord } from '../settings';

/** GET /api/v1/me: who the caller is to this gateway. */
export interface Me {
  readonly userId: string;
  readonly username: string;
  readonly gatewayId: string;
  readonly serverVersion: string;
  readonly protocolVersion: number;
}

/** A refusal of the gateway: its HTTP status and the machine-readable code of docs/protocol.md. */
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

/** The gateway's REST API (/parley/api), called with the signed-in user's access token. */
export class GatewayClient {
  constructor(
    private readonly apiBase: URL,
    private readonly accessToken: () => Promise<string>,
  ) {}

  async me(): Promise<Me> {
    const body = await this.get('v1/me');
    return {
      userId: text(body, 'user_id'),
      username: text(body, 'username'),
      gatewayId: text(body, 'gateway_id'),
      serverVersion: text(body, 'server_version'),
      protocolVersion: Number(body['protocol_version']),
    };
  }

  private async get(path: string): Promise<Record<string, unknown>> {
    const response = await fetch(new URL(path, this.apiBase), {
      headers: { Authorization: `Bearer ${await this.accessToken()}`, Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      throw refusal(response, body);
    }
    if (!isRecord(body)) {
      throw new GatewayError(response.status, 'malformed_response', 'The gateway answered with something that is not JSON.', null);
    }
    return body;
  }
}

function refusal(response: Response, body: unknown): GatewayError {
  const code = isRecord(body) ? body['error'] : undefined;
  if (isRecord(body) && typeof code === 'string') {
    const retry = body['retry_after_seconds'];
    return new GatewayError(response.status, code, String(body['message'] ?? ''), typeof retry === 'number' ? retry : null);
  }
  return new GatewayError(response.status, 'http_' + response.status, `The gateway answered HTTP ${response.status}.`, null);
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') {
    throw new GatewayError(200, 'malformed_response', `The gateway's answer lacks ${field}.`, null);
  }
  return value;
}
