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

/** A conversation as the gateway answers it (POST conversations, GET conversations/{id}). */
export interface Conversation {
  readonly conversationId: string;
  readonly type: string;
  /** base64url */
  readonly groupId: string;
  readonly epoch: number;
}

/** One claimed KeyPackage of a device. */
export interface ClaimedKeyPackage {
  readonly deviceId: string;
  /** The MLSMessage(KeyPackage), base64url, byte for byte as the device uploaded it. */
  readonly keyPackage: string;
  readonly ref: string;
  readonly lastResort: boolean;
}

/** What POST conversations/{id}/commits takes (MLS messages as base64url). */
export interface CommitBundle {
  readonly msg_id: string;
  readonly commit: string;
  readonly welcome?: string;
  readonly group_info: string;
  readonly adds: readonly string[];
  readonly removes: readonly { readonly user_id: string; readonly device_id: string }[];
}

/** A conversation of the user as `GET conversations` lists it. */
export interface ListedConversation extends Conversation {
  readonly lastSeq: number;
  /** The users taking part, by user id. */
  readonly userIds: readonly string[];
}

/** One entry of a conversation's log (MLS message as base64url). */
export interface LogEntry {
  readonly seq: number;
  readonly kind: string;
  readonly msgId: string | null;
  readonly epoch: number;
  readonly senderUserId: string;
  readonly senderDeviceId: string;
  readonly message: string;
}

/** A page of `GET conversations/{id}/log`. */
export interface LogPage {
  readonly entries: readonly LogEntry[];
  readonly nextAfter: number;
  readonly more: boolean;
  /** Set when retention deleted entries this device had not read: the entries that follow start there. */
  readonly firstAvailableSeq: number | null;
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
   * POST conversations, type dm: the direct conversation with the peer, created with the calling device's group
   * (epoch 0), or the pair's existing one (then with its own group_id).
   */
  async openDirectConversation(device: DeviceSigner, peerUserId: string, groupId: string, groupInfo: string): Promise<Conversation> {
    return conversation(record(await this.deviceCall(device, 'POST', 'v1/conversations',
      { type: 'dm', peer_user_id: peerUserId, group_id: groupId, group_info: groupInfo })));
  }

  /** POST key-packages/claim: one KeyPackage per unrevoked device of the user (only the named ones when given). */
  async claimKeyPackages(device: DeviceSigner, userId: string, deviceIds?: readonly string[]): Promise<ClaimedKeyPackage[]> {
    const body: Record<string, unknown> = { user_id: userId };
    if (deviceIds) {
      body['device_ids'] = deviceIds;
    }
    const answer = record(await this.deviceCall(device, 'POST', 'v1/key-packages/claim', body));
    const claimed = answer['key_packages'];
    if (!Array.isArray(claimed)) {
      throw new GatewayError(200, 'malformed_response', "The server's answer lacks key_packages.", null);
    }
    return claimed.map((item) => {
      const entry = record(item);
      return {
        deviceId: text(entry, 'device_id'), keyPackage: text(entry, 'key_package'), ref: text(entry, 'ref'),
        lastResort: entry['last_resort'] === true,
      };
    });
  }

  /** GET conversations: the user's conversations, newest first. */
  async conversations(): Promise<ListedConversation[]> {
    const body = record(await callJson(new URL('v1/conversations', this.apiBase), await this.accessToken()));
    const items = body['conversations'];
    if (!Array.isArray(items)) {
      throw new GatewayError(200, 'malformed_response', "The server's answer lacks conversations.", null);
    }
    return items.map((item) => {
      const entry = record(item);
      const users = Array.isArray(entry['users']) ? entry['users'] : [];
      const lastSeq = entry['last_seq'];
      return {
        ...conversation(entry), lastSeq: typeof lastSeq === 'number' ? lastSeq : 0,
        userIds: users.map((user) => text(record(user), 'user_id')),
      };
    });
  }

  /** GET conversations/{id}/log: the entries after `after` this device may read. */
  async log(device: DeviceSigner, conversationId: string, after: number, limit = 100): Promise<LogPage> {
    const answer = record(await this.deviceCall(device, 'GET',
      `v1/conversations/${encodeURIComponent(conversationId)}/log?after=${after}&limit=${limit}`));
    const entries = answer['entries'];
    const nextAfter = answer['next_after'];
    if (!Array.isArray(entries) || typeof nextAfter !== 'number') {
      throw new GatewayError(200, 'malformed_response', "The server's answer lacks entries or next_after.", null);
    }
    const first = answer['first_available_seq'];
    return {
      entries: entries.map((item) => {
        const entry = record(item);
        const seq = entry['seq'];
        const epoch = entry['epoch'];
        if (typeof seq !== 'number' || typeof epoch !== 'number') {
          throw new GatewayError(200, 'malformed_response', 'A log entry lacks seq or epoch.', null);
        }
        const msgId = entry['msg_id'];
        return {
          seq, epoch, kind: text(entry, 'kind'), msgId: typeof msgId === 'string' ? msgId : null,
          senderUserId: optionalText(entry, 'sender_user_id'), senderDeviceId: optionalText(entry, 'sender_device_id'),
          message: text(entry, 'message'),
        };
      }),
      nextAfter, more: answer['more'] === true, firstAvailableSeq: typeof first === 'number' ? first : null,
    };
  }

  /** POST conversations/{id}/messages: the seq of the message (its original seq when the msg_id was sent before). */
  async sendMessage(device: DeviceSigner, conversationId: string, msgId: string, message: string):
    Promise<{ seq: number; epoch: number; duplicate: boolean }> {
    const answer = record(await this.deviceCall(device, 'POST',
      `v1/conversations/${encodeURIComponent(conversationId)}/messages`, { msg_id: msgId, message }));
    const seq = answer['seq'];
    const epoch = answer['epoch'];
    if (typeof seq !== 'number' || typeof epoch !== 'number') {
      throw new GatewayError(200, 'malformed_response', "The server's answer lacks seq or epoch.", null);
    }
    return { seq, epoch, duplicate: answer['duplicate'] === true };
  }

  /** POST conversations/{id}/commits: the new epoch, once the gateway accepted the commit (echo before apply). */
  async commit(device: DeviceSigner, conversationId: string, bundle: CommitBundle): Promise<{ seq: number; epoch: number }> {
    const answer = record(await this.deviceCall(device, 'POST',
      `v1/conversations/${encodeURIComponent(conversationId)}/commits`, bundle));
    const seq = answer['seq'];
    const epoch = answer['epoch'];
    if (typeof seq !== 'number' || typeof epoch !== 'number') {
      throw new GatewayError(200, 'malformed_response', "The server's answer lacks seq or epoch.", null);
    }
    return { seq, epoch };
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

function conversation(body: Record<string, unknown>): Conversation {
  const epoch = body['epoch'];
  if (typeof epoch !== 'number') {
    throw new GatewayError(200, 'malformed_response', "The server's answer lacks epoch.", null);
  }
  return { conversationId: text(body, 'conversation_id'), type: text(body, 'type'), groupId: text(body, 'group_id'), epoch };
}

function optionalText(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  return typeof value === 'string' ? value : '';
}
