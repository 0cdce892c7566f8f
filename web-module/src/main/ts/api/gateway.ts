import { callJson, record, text } from './json-call';

export { GatewayError } from './json-call';

/** GET /api/v1/me: who the caller is to this gateway. */
export interface Me {
  readonly userId: string;
  readonly username: string;
  readonly gatewayId: string;
  readonly serverVersion: string;
  readonly protocolVersion: number;
}

/** The gateway's REST API (/parley/api), called with the signed-in user's access token. */
export class GatewayClient {
  constructor(
    private readonly apiBase: URL,
    private readonly accessToken: () => Promise<string>,
  ) {}

  async me(): Promise<Me> {
    const body = record(await callJson(new URL('v1/me', this.apiBase), await this.accessToken()));
    return {
      userId: text(body, 'user_id'),
      username: text(body, 'username'),
      gatewayId: text(body, 'gateway_id'),
      serverVersion: text(body, 'server_version'),
      protocolVersion: Number(body['protocol_version']),
    };
  }
}
