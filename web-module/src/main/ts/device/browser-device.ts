import type { AuthenticationService, Device, RealmInfo } from '../api/authentication-service';
import { GatewayError } from '../api/json-call';
import { generateStoreKey } from '../storage/sealing';
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
  /** Its keys, to act as the device (request proofs, MLS signatures, sealed MLS secrets). */
  readonly keys: DeviceKeys;
}

/**
 * The keys of this browser's device: the non-extractable Ed25519 device key (signs request proofs and, as the MLS
 * signature key, KeyPackages and MLS messages) and the non-extractable AES-GCM store key that seals MLS secrets.
 */
export interface DeviceKeys {
  /** The device store's key of the device's record. */
  readonly recordKey: string;
  readonly userId: string;
  readonly deviceId: string;
  readonly deviceKey: CryptoKeyPair;
  readonly storeKey: CryptoKey;
  sign(data: Uint8Array): Promise<Uint8Array>;
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
      return this.existing(await this.withStoreKey(stored));
    }
    const registered = await this.service.identity();
    const identityKey = await this.identityKey(stored, registered?.publicKey ?? null);
    const identityCreated = registered === null;
    let device: StoredDevice = {
      key, userId: info.userId, deviceId: stored?.deviceId ?? generatedDeviceId(), identityKey,
      deviceKey: stored?.deviceKey ?? await generateSigningKey(), registered: false,
      storeKey: stored?.storeKey ?? await generateStoreKey(),
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
    device = { ...device, registered: true };
    await this.store.put(device);
    return {
      deviceId: accepted.deviceId, label: accepted.label ?? accepted.deviceId,
      identityFingerprint: await fingerprint(await publicKeyBytes(identityKey)), registeredNow: true, identityCreated,
      keys: deviceKeys(device),
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
      identityCreated: false, keys: deviceKeys(stored),
    };
  }

  /** A device stored before store keys existed gets one. */
  private async withStoreKey(stored: StoredDevice): Promise<StoredDevice> {
    if (stored.storeKey) {
      return stored;
    }
    const device = { ...stored, storeKey: await generateStoreKey() };
    await this.store.put(device);
    return device;
  }

  /** "Web browser on Linux", or with the device id when another device of the user has that name (names are unique). */
  private async label(deviceId: string): Promise<string> {
    const name = `Web browser on ${platformName()}`;
    const taken = (await this.service.devices()).some((device) => device.label === name);
    return taken ? `${name} (${deviceId})` : name;
  }
}

function deviceKeys(device: StoredDevice): DeviceKeys {
  const storeKey = device.storeKey;
  if (!storeKey) {
    throw new Error(`the device ${device.deviceId} has no store key`);
  }
  return {
    recordKey: device.key, userId: device.userId, deviceId: device.deviceId, deviceKey: device.deviceKey, storeKey,
    sign: (data) => sign(device.deviceKey, data),
  };
}

function generatedDeviceId(): string {
  const random = crypto.getRandomValues(new Uint8Array(4));
  return 'web-' + Array.from(random, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function platformName(): string {
  const hinted = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform;
  return (hinted || navigator.platform || 'unknown').slice(0, 100);
}
