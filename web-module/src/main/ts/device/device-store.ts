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
}

const DATABASE = 'parley';
const DEVICES = 'devices';

/** The devices of this browser's profile, in the IndexedDB database "parley", object store "devices". */
export class DeviceStore {
  private database: Promise<IDBDatabase> | null = null;

  async get(key: string): Promise<StoredDevice | null> {
    const found = await this.request<StoredDevice | undefined>('readonly', (store) => store.get(key));
    return found ?? null;
  }

  async put(device: StoredDevice): Promise<void> {
    await this.request('readwrite', (store) => store.put(device));
  }

  private async request<T>(mode: IDBTransactionMode, operation: (store: IDBObjectStore) => IDBRequest): Promise<T> {
    const database = await this.open();
    return new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(DEVICES, mode);
      const request = operation(transaction.objectStore(DEVICES));
      transaction.oncomplete = () => resolve(request.result as T);
      transaction.onerror = () => reject(transaction.error ?? request.error);
      transaction.onabort = () => reject(transaction.error ?? new Error('The browser aborted a write of its device store.'));
    });
  }

  private open(): Promise<IDBDatabase> {
    this.database ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(DEVICES, { keyPath: 'key' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return this.database;
  }
}
