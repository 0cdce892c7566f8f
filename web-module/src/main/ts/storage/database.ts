/**
 * This browser profile's IndexedDB database "parley": object store "devices" (device-store.ts), since version 2
 * "key_packages" (mls/key-package-store.ts), since version 3 "groups" (mls/group-store.ts).
 */
const DATABASE = 'parley';
const VERSION = 3;
export const DEVICES = 'devices';
export const KEY_PACKAGES = 'key_packages';
export const GROUPS = 'groups';
/** The index of "key_packages" by the device that made them. */
export const BY_DEVICE = 'by_device';

let database: Promise<IDBDatabase> | null = null;

export function openDatabase(): Promise<IDBDatabase> {
  database ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(DEVICES)) {
        db.createObjectStore(DEVICES, { keyPath: 'key' });
      }
      if (!db.objectStoreNames.contains(KEY_PACKAGES)) {
        db.createObjectStore(KEY_PACKAGES, { keyPath: 'ref' }).createIndex(BY_DEVICE, 'device');
      }
      if (!db.objectStoreNames.contains(GROUPS)) {
        db.createObjectStore(GROUPS, { keyPath: 'conversationId' }).createIndex(BY_DEVICE, 'device');
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return database;
}

/** Runs `operation` in one transaction over `storeName` and resolves with its last request's result once committed. */
export async function transact<T>(storeName: string, mode: IDBTransactionMode,
  operation: (store: IDBObjectStore) => IDBRequest | void): Promise<T> {
  const db = await openDatabase();
  return new Promise<T>((resolve, reject) => {
    const transaction = db.transaction(storeName, mode);
    const request = operation(transaction.objectStore(storeName));
    transaction.oncomplete = () => resolve((request ? request.result : undefined) as T);
    transaction.onerror = () => reject(transaction.error ?? request?.error);
    transaction.onabort = () => reject(transaction.error ?? new Error(`The browser aborted a write of ${storeName}.`));
  });
}
