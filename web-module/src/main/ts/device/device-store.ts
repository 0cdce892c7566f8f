import { DEVICES, transact } from '../storage/database';

/** What this browser keeps of one user's device, in IndexedDB. The keys are non-extractable CryptoKeyPairs. */
export interface StoredDevice {
  /** The realm's issuer and the user id: one device per user of a realm in this browser. */
  readonly key: string;
  readonly userId: string;
  readonly deviceId: string;
  readonly identityKey: CryptoKeyPair;
  readonly deviceKey: CryptoKeyPair;
  /** Whether the realm accepted the device; keys are stored before any public key leaves the browser. */
  readonly registered: boolean;
  /**
   * The non-extractable AES-GCM key that seals this device's MLS secrets kept as bytes (KeyPackages' private keys);
   * absent in records stored before it existed, added on first use.
   */
  readonly storeKey?: CryptoKey;
}

/** The devices of this browser's profile, in the IndexedDB database "parley", object store "devices". */
export class DeviceStore {
  async get(key: string): Promise<StoredDevice | null> {
    const found = await transact<StoredDevice | undefined>(DEVICES, 'readonly', (store) => store.get(key));
    return found ?? null;
  }

  async put(device: StoredDevice): Promise<void> {
    await transact(DEVICES, 'readwrite', (store) => store.put(device));
  }
}
