/**
 * The KeyPackages this browser made, in IndexedDB (database "parley", object store "key_packages"): each with its
 * MLSMessage as uploaded and its two private keys (init and leaf encryption, X25519) sealed with the device's
 * non-extractable store key, additional data "parley key package <ref>" (storage/sealing.ts). A KeyPackage is kept
 * before it is uploaded ("pending"), so every KeyPackage the gateway hands out can be joined with.
 */
import { base64url, fromBase64url } from '../device/wire';
import { BY_DEVICE, KEY_PACKAGES, transact } from '../storage/database';
import { open, seal } from '../storage/sealing';
import type { GeneratedKeyPackage } from './key-package-factory';

export type KeyPackageState = 'pending' | 'uploaded' | 'used';

/** One record of "key_packages". */
interface StoredKeyPackage {
  readonly ref: string;
  /** The device that made it: the device store's key and the device id. */
  readonly device: string;
  readonly message: Uint8Array;
  /** The private keys, sealed (JSON {"init_private", "encryption_private"}, base64url). */
  readonly secrets: Uint8Array;
  readonly lastResort: boolean;
  readonly state: KeyPackageState;
  readonly notBefore: number;
  readonly notAfter: number;
}

/** Whose KeyPackages: the device store's key of the device, its id and its store key. */
export interface KeyPackageKeeper {
  readonly recordKey: string;
  readonly deviceId: string;
  readonly storeKey: CryptoKey;
}

export class KeyPackageStore {
  /** Keeps freshly made KeyPackages as pending, their private keys sealed. */
  async addPending(keeper: KeyPackageKeeper, generated: readonly GeneratedKeyPackage[]): Promise<void> {
    const records: StoredKeyPackage[] = [];
    for (const kp of generated) {
      const secrets = new TextEncoder().encode(JSON.stringify({
        init_private: base64url(kp.initPrivateKey), encryption_private: base64url(kp.encryptionPrivateKey),
      }));
      records.push({
        ref: kp.ref, device: owner(keeper), message: kp.message, secrets: await seal(keeper.storeKey, secrets, aad(kp.ref)),
        lastResort: kp.lastResort, state: 'pending', notBefore: kp.notBefore, notAfter: kp.notAfter,
      });
    }
    await transact(KEY_PACKAGES, 'readwrite', (store) => {
      for (const record of records) {
        store.put(record);
      }
    });
  }

  async markUploaded(refs: readonly string[]): Promise<void> {
    await this.update(refs, (record) => ({ ...record, state: 'uploaded' }));
  }

  /** Forgets KeyPackages the gateway refused (it stored none of them). */
  async deletePending(refs: readonly string[]): Promise<void> {
    await transact(KEY_PACKAGES, 'readwrite', (store) => {
      for (const ref of refs) {
        store.delete(ref);
      }
    });
  }

  /** Forgets the device's KeyPackages whose lifetime ended: nobody can add this device with them any more. */
  async purgeExpired(keeper: KeyPackageKeeper, nowSeconds: number): Promise<void> {
    const expired = (await this.all(keeper)).filter((record) => record.notAfter <= nowSeconds).map((record) => record.ref);
    await this.deletePending(expired);
  }

  /** How many of the device's KeyPackages are in each state. */
  async count(keeper: KeyPackageKeeper, state: KeyPackageState, lastResort: boolean): Promise<number> {
    return (await this.all(keeper)).filter((record) => record.state === state && record.lastResort === lastResort).length;
  }

  /** The private keys of one of the device's KeyPackages (to process a Welcome to it), or null if it made none such. */
  async privateKeys(keeper: KeyPackageKeeper, ref: string): Promise<{ initPrivateKey: Uint8Array; encryptionPrivateKey: Uint8Array } | null> {
    const record = await transact<StoredKeyPackage | undefined>(KEY_PACKAGES, 'readonly', (store) => store.get(ref));
    if (!record || record.device !== owner(keeper)) {
      return null;
    }
    const secrets = JSON.parse(new TextDecoder().decode(await open(keeper.storeKey, record.secrets, aad(ref)))) as
      Record<string, string>;
    return {
      initPrivateKey: fromBase64url(secrets['init_private'] ?? ''),
      encryptionPrivateKey: fromBase64url(secrets['encryption_private'] ?? ''),
    };
  }

  /** The MLSMessage of one of the device's KeyPackages as uploaded, or null if it made none such. */
  async message(keeper: KeyPackageKeeper, ref: string): Promise<Uint8Array | null> {
    const record = await transact<StoredKeyPackage | undefined>(KEY_PACKAGES, 'readonly', (store) => store.get(ref));
    return record && record.device === owner(keeper) ? record.message : null;
  }

  private async all(keeper: KeyPackageKeeper): Promise<StoredKeyPackage[]> {
    return transact<StoredKeyPackage[]>(KEY_PACKAGES, 'readonly',
      (store) => store.index(BY_DEVICE).getAll(IDBKeyRange.only(owner(keeper))));
  }

  private async update(refs: readonly string[], change: (record: StoredKeyPackage) => StoredKeyPackage): Promise<void> {
    await transact(KEY_PACKAGES, 'readwrite', (store) => {
      for (const ref of refs) {
        const request = store.get(ref);
        request.onsuccess = () => {
          const record = request.result as StoredKeyPackage | undefined;
          if (record) {
            store.put(change(record));
          }
        };
      }
    });
  }
}

function owner(keeper: KeyPackageKeeper): string {
  return `${keeper.recordKey} ${keeper.deviceId}`;
}

function aad(ref: string): string {
  return `parley key package ${ref}`;
}
