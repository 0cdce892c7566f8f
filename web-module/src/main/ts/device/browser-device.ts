import type { AuthenticationService, Device, RealmInfo } from '../api/authentication-service';
import { GatewayError } from '../api/json-call';
import type { DeviceStore, StoredDevice } from './device-store';
import { fingerprint, generateSigningKey, publicKeyBytes, sign } from './signing-keys';
import { base64url, deviceCertificateTbs, deviceProofTbs, fromBase64url } from './wire';

/** MLS cipher suite 1, the only one Parley speaks. */
const CIPHER_SUITE = 1;
const PLATFORM = 'web';

/** This browser as one of the user's devices. */
export interface BrowserDevice {
  readonly deviceId: string;
  readonly label: string;
  readonly identityFingerprint: string;
  /** Whether this sign-in registered it (else it was registered before). */
  readonly registeredNow: boolean;
  readonly identityCreated: boolean;
}

/**
 * The user already has an identity key, made on another device, and this browser does not hold its private key:
 * it cannot certify a device key of its own (the CLI's rule, docs/client.md).
 */
export class IdentityElsewhereError extends Error {
  constructor(readonly fingerprint: string) {
    super(`Your account already has an identity key (fingerprint ${fingerprint.slice(0, 16)}), made on another device.`);
    this.name = 'IdentityElsewhereError';
  }
}

/** This browser's device of the user was revoked (by the user, an administrator, or an identity reset). */
export class DeviceRevokedError extends Error {
  constructor(readonly deviceId: string, readonly reason: string | null) {
    super(`This browser's device (${deviceId}) was revoked${reason ? ` (${reason})` : ''}.`);
    this.name = 'DeviceRevokedError';
  }
}

/**
 * Makes this browser a device of the signed-in user, as the CLI does (docs/client.md, device registration): the
 * identity key is made here when the user has none, the device key always; both are stored (non-extractable) before
 * any public key is sent; the identity key certifies the device key and the device key proves itself over a fresh
 * challenge. A browser registered before keeps its device.
 */
export class DeviceRegistration {
  constructor(
    private readonly service: AuthenticationService,
    private readonly store: DeviceStore,
    private readonly issuer: string,
  ) {}

  async ensure(): Promise<BrowserDevice> {
    const info = await this.service.info();
    const key = `${this.issuer} ${info.userId}`;
    const stored = await this.store.get(key);
    if (stored?.registered) {
      return this.existing(stored);
    }
    const registered = await this.service.identity();
    const identityKey = await this.identityKey(stored, registered?.publicKey ?? null);
    const identityCreated = registered === null;
    let device: StoredDevice = {
      key, userId: info.userId, deviceId: stored?.deviceId ?? generatedDeviceId(), identityKey,
      deviceKey: stored?.deviceKey ?? await generateSigningKey(), registered: false,
    };
    await this.store.put(device);
    if (identityCreated) {
      await this.service.registerIdentity(base64url(await publicKeyBytes(identityKey)));
    }
    let accepted: Device;
    try {
      accepted = await this.register(info, device);
    } catch (error) {
      if (!(error instanceof GatewayError && error.code === 'device_exists')) {
        throw error;
      }
      device = { ...device, deviceId: generatedDeviceId() };
      await this.store.put(device);
      accepted = await this.register(info, device);
    }
    await this.store.put({ ...device, registered: true });
    return {
      deviceId: accepted.deviceId, label: accepted.label ?? accepted.deviceId,
      identityFingerprint: await fingerprint(await publicKeyBytes(identityKey)), registeredNow: true, identityCreated,
    };
  }

  /** The identity key to certify with: the realm's when this browser holds it, a new one when the realm has none. */
  private async identityKey(stored: StoredDevice | null, registered: string | null): Promise<CryptoKeyPair> {
    if (registered === null) {
      return stored?.identityKey ?? generateSigningKey();
    }
    if (stored && base64url(await publicKeyBytes(stored.identityKey)) === registered) {
      return stored.identityKey;
    }
    throw new IdentityElsewhereError(await fingerprint(fromBase64url(registered)));
  }

  private async register(info: RealmInfo, device: StoredDevice): Promise<Device> {
    const createdAt = Date.now();
    const deviceKey = await publicKeyBytes(device.deviceKey);
    const challenge = await this.service.challenge();
    const certificate = await sign(device.identityKey,
      deviceCertificateTbs(info.realm, info.userId, device.deviceId, deviceKey, createdAt));
    const proof = await sign(device.deviceKey,
      deviceProofTbs(info.realm, info.userId, fromBase64url(challenge), device.deviceId, deviceKey));
    return this.service.registerDevice({
      device_id: device.deviceId,
      device_key: base64url(deviceKey),
      cipher_suite: CIPHER_SUITE,
      platform: PLATFORM,
      label: await this.label(device.deviceId),
      created_at: createdAt,
      certificate: base64url(certificate),
      challenge,
      challenge_signature: base64url(proof),
    });
  }

  private async existing(stored: StoredDevice): Promise<BrowserDevice> {
    const device = (await this.service.devices()).find((candidate) => candidate.deviceId === stored.deviceId);
    if (!device || device.revoked) {
      throw new DeviceRevokedError(stored.deviceId, device?.revocationReason ?? null);
    }
    return {
      deviceId: device.deviceId, label: device.label ?? device.deviceId,
      identityFingerprint: await fingerprint(await publicKeyBytes(stored.identityKey)), registeredNow: false,
      identityCreated: false,
    };
  }

  /** "Web browser on Linux", or with the device id when another device of the user has that name (names are unique). */
  private async label(deviceId: string): Promise<string> {
    const name = `Web browser on ${platformName()}`;
    const taken = (await this.service.devices()).some((device) => device.label === name);
    return taken ? `${name} (${deviceId})` : name;
  }
}

function generatedDeviceId(): string {
  const random = crypto.getRandomValues(new Uint8Array(4));
  return 'web-' + Array.from(random, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function platformName(): string {
  const hinted = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform;
  return (hinted || navigator.platform || 'unknown').slice(0, 100);
}
