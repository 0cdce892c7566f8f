import { base64url, requestProofTbs } from '../device/wire';
import { callJson, callJsonText, GatewayError, record, text } from './json-call';

export { GatewayError } from './json-call';

/** GET /api/v1/me: who the caller is to this gateway. */
export interface Me {
  readonly userId: string;
  readonly username: string;
  readonly gatewayId: string;
  readonly serverVersion: string;
  readonly protocolVersion: number;
}

/**
 * One of the user's devices as the signer of device-bound calls (docs/protocol.md, device-bound requests): its id,
 * the user id it belongs to, and its device key's Ed25519 signature (the key stays non-extractable in WebCrypto).
 */
export interface DeviceSigner {
  readonly userId: string;
  readonly deviceId: string;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** GET key-packages/count: the calling device's unclaimed one-time KeyPackages and whether it has a last-resort one. */
export interface KeyPackageCount {
  readonly oneTime: number;
  readonly lastResort: boolean;
}

/** What POST key-packages answers. */
export interface KeyPackageUpload extends KeyPackageCount {
  readonly refs: readonly string[];
}

/** The bytes of a request proof's nonce (the SDK's size; the gateway takes 16 to 64). */
const NONCE_BYTES = 16;

/** The gateway's REST API (/parley/api), called with the signed-in user's access token. */
export class GatewayClient {
  private gatewayId: Promise<string> | null = null;

  constructor(
    private readonly apiBase: URL,
    private readonly accessToken: () => Promise<string>,
  ) {}

  async me(): Promise<Me> {
    const body = record(await callJson(new URL('v1/me', this.apiBase), await this.accessToken()));
    const me = {
      userId: text(body, 'user_id'),
      username: text(body, 'username'),
      gatewayId: text(body, 'gateway_id'),
      serverVersion: text(body, 'server_version'),
      protocolVersion: Number(body['protocol_version']),
    };
    this.gatewayId ??= Promise.resolve(me.gatewayId);
    return me;
  }

  /** GET key-packages/count for the signing device. */
  async keyPackageCount(device: DeviceSigner): Promise<KeyPackageCount> {
    return keyPackageCount(record(await this.deviceCall(device, 'GET', 'v1/key-packages/count')));
  }

  /**
   * POST key-packages: one-time KeyPackages (at most 100) and optionally a last-resort one, each the whole
   * MLSMessage as unpadded base64url.
   */
  async uploadKeyPackages(device: DeviceSigner, oneTime: readonly string[], lastResort: string | null): Promise<KeyPackageUpload> {
    const body: Record<string, unknown> = { key_packages: oneTime };
    if (lastResort !== null) {
      body['last_resort'] = lastResort;
    }
    const answer = record(await this.deviceCall(device, 'POST', 'v1/key-packages', body));
    const refs = answer['refs'];
    if (!Array.isArray(refs) || !refs.every((ref) => typeof ref === 'string')) {
      throw new GatewayError(200, 'malformed_response', "The server's answer lacks refs.", null);
    }
    return { ...keyPackageCount(answer), refs };
  }

  /**
   * A call that acts as the device: Parley-Device-Id and the request proof over the method, the request target and
   * the body as sent (serialized once, signed and sent as those bytes), with a fresh nonce each time.
   */
  private async deviceCall(device: DeviceSigner, method: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL(path, this.apiBase);
    const json = body === undefined ? undefined : JSON.stringify(body);
    const bytes = new TextEncoder().encode(json ?? '');
    const bodyHash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
    const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
    const timestamp = Math.floor(Date.now() / 1000);
    const tbs = requestProofTbs(await this.ownGatewayId(), device.userId, device.deviceId, method, url.pathname + url.search,
      bodyHash, timestamp, nonce);
    const headers = {
      'Parley-Device-Id': device.deviceId,
      'Parley-Timestamp': String(timestamp),
      'Parley-Nonce': base64url(nonce),
      'Parley-Signature': base64url(await device.sign(tbs)),
    };
    return callJsonText(url, await this.accessToken(), method, json, headers);
  }

  /** The gateway's id, which every request proof names (from GET me, asked once). */
  private ownGatewayId(): Promise<string> {
    this.gatewayId ??= this.me().then((me) => me.gatewayId);
    const asked = this.gatewayId;
    asked.catch(() => {
      if (this.gatewayId === asked) {
        this.gatewayId = null;
      }
    });
    return asked;
  }
}

function keyPackageCount(body: Record<string, unknown>): KeyPackageCount {
  const oneTime = body['one_time'];
  const lastResort = body['last_resort'];
  if (typeof oneTime !== 'number' || typeof lastResort !== 'boolean') {
    throw new GatewayError(200, 'malformed_response', "The server's answer lacks one_time or last_resort.", null);
  }
  return { oneTime, lastResort };
}
