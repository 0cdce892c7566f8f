/**
 * This browser profile's IndexedDB database "parley": object store "devices" (device-store.ts), since version 2
 * "key_packages" (mls/key-package-store.ts), since version 3 "groups" (mls/group-store.ts), since version 4 "messages"
 * and "outbox" (mls/messaging.ts).
 */
const DATABASE = 'parley';
const VERSION = 4;
export const DEVICES = 'devices';
export const KEY_PACKAGES = 'key_packages';
export const GROUPS = 'groups';
export const MESSAGES = 'messages';
export const OUTBOX = 'outbox';
/** The index of "messages" and "outbox" by conversation. */
export const BY_CONVERSATION = 'by_conversation';
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
      if (!db.objectStoreNames.contains(MESSAGES)) {
        db.createObjectStore(MESSAGES, { keyPath: 'id' }).createIndex(BY_CONVERSATION, 'conversation');
      }
      if (!db.objectStoreNames.contains(OUTBOX)) {
        db.createObjectStore(OUTBOX, { keyPath: 'msgId' }).createIndex(BY_CONVERSATION, 'conversation');
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

/** Runs `operation` in one transaction over several stores (all or nothing) and resolves once committed. */
export async function transactAll(storeNames: readonly string[], mode: IDBTransactionMode,
  operation: (transaction: IDBTransaction) => void): Promise<void> {
  const db = await openDatabase();
  return new Promise<void>((resolve, reject) => {
    const transaction = db.transaction([...storeNames], mode);
    operation(transaction);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error(`The browser aborted a write of ${storeNames.join(', ')}.`));
  });
}
