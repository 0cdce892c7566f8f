import { callJson, GatewayError, record, text } from './json-call';

/** GET info: the realm's name and the caller's user id as the realm sees them. */
export interface RealmInfo {
  readonly realm: string;
  readonly userId: string;
}

/** A registered identity key (base64url public key, hex fingerprint). */
export interface Identity {
  readonly publicKey: string;
  readonly fingerprint: string;
}

/** A device as its owner sees it. */
export interface Device {
  readonly deviceId: string;
  readonly deviceKey: string;
  readonly label: string | null;
  readonly revoked: boolean;
  readonly revocationReason: string | null;
}

/** A directory entry: what a client needs to verify the devices of a user it adds to a group. */
export interface DirectoryEntry {
  readonly userId: string;
  readonly username: string;
  readonly identity: Identity | null;
  readonly devices: readonly (Device & { readonly certificate: string; readonly createdAt: number })[];
}

/** What POST devices takes (docs/protocol.md, the Authentication Service). */
export interface Registration {
  readonly device_id: string;
  readonly device_key: string;
  readonly cipher_suite: number;
  readonly platform: string;
  readonly label: string;
  readonly created_at: number;
  readonly certificate: string;
  readonly challenge: string;
  readonly challenge_signature: string;
}

/**
 * The realm's Authentication Service ({issuer}/parley/, the Keycloak extension), called from the page across origins
 * (the extension answers CORS for the Web Origins of the web client's realm client).
 */
export class AuthenticationService {
  private readonly base: URL;

  constructor(issuer: string, private readonly accessToken: () => Promise<string>) {
    this.base = new URL(issuer.replace(/\/+$/, '') + '/parley/');
  }

  async info(): Promise<RealmInfo> {
    const body = record(await this.call('GET', 'info'));
    return { realm: text(body, 'realm'), userId: text(body, 'user_id') };
  }

  /** The caller's identity key, or null while the user has none. */
  async identity(): Promise<Identity | null> {
    try {
      return identity(await this.call('GET', 'identity'));
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'identity_required') {
        return null;
      }
      throw error;
    }
  }

  async registerIdentity(publicKey: string): Promise<Identity> {
    return identity(await this.call('PUT', 'identity', { identity_key: publicKey }));
  }

  /** A fresh single-use challenge (base64url). */
  async challenge(): Promise<string> {
    return text(record(await this.call('POST', 'challenges')), 'challenge');
  }

  async registerDevice(registration: Registration): Promise<Device> {
    return device(await this.call('POST', 'devices', registration));
  }

  /** The caller's devices, revoked ones included, oldest first. */
  async devices(): Promise<Device[]> {
    const answer = await this.call('GET', 'devices');
    if (!Array.isArray(answer)) {
      throw new GatewayError(200, 'malformed_response', 'The realm did not answer with a list of devices.', null);
    }
    return answer.map(device);
  }

  /** GET users?username=: who has this user name (id and name only, whatever the directory policy). */
  async userByName(username: string): Promise<{ userId: string; username: string }> {
    const body = record(await this.call('GET', `users?username=${encodeURIComponent(username)}`));
    return { userId: text(body, 'user_id'), username: text(body, 'username') };
  }

  /** GET directory/{user_id}: the user's identity key and devices, to verify their certificates. */
  async directory(userId: string): Promise<DirectoryEntry> {
    const body = record(await this.call('GET', `directory/${encodeURIComponent(userId)}`));
    const identityBody = body['identity'];
    const devices = body['devices'];
    if (!Array.isArray(devices)) {
      throw new GatewayError(200, 'malformed_response', 'The realm did not answer with a directory entry.', null);
    }
    return {
      userId: text(body, 'user_id'),
      username: text(body, 'username'),
      identity: identityBody === null || identityBody === undefined ? null : identity(identityBody),
      devices: devices.map((answer) => {
        const entry = device(answer);
        const created = record(answer)['created_at'];
        return { ...entry, certificate: text(record(answer), 'certificate'), createdAt: typeof created === 'number' ? created : 0 };
      }),
    };
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    return callJson(new URL(path, this.base), await this.accessToken(), method, body);
  }
}

function identity(answer: unknown): Identity {
  const body = record(answer);
  return { publicKey: text(body, 'public_key'), fingerprint: text(body, 'fingerprint') };
}

function device(answer: unknown): Device {
  const body = record(answer);
  const label = body['label'];
  const reason = body['revocation_reason'];
  return {
    deviceId: text(body, 'device_id'),
    deviceKey: text(body, 'device_key'),
    label: typeof label === 'string' ? label : null,
    revoked: body['revoked'] === true,
    revocationReason: typeof reason === 'string' ? reason : null,
  };
}
