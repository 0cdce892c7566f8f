/**
 * Sealing of secrets that must exist as bytes (ts-mls takes HPKE private keys as bytes): AES-256-GCM under a
 * non-extractable WebCrypto key kept in IndexedDB beside them, so a copy of the database's values without this
 * browser profile's key cannot be opened. A sealed value is the 12-byte random IV followed by the ciphertext and tag;
 * the additional data binds it to what it belongs to.
 */
const IV_BYTES = 12;

export function generateStoreKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function seal(key: CryptoKey, plaintext: Uint8Array, aad: string): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(aad) }, key, plaintext as BufferSource));
  const sealed = new Uint8Array(IV_BYTES + ciphertext.length);
  sealed.set(iv);
  sealed.set(ciphertext, IV_BYTES);
  return sealed;
}

/** The plaintext, or an error when the value was not sealed with this key and additional data. */
export async function open(key: CryptoKey, sealed: Uint8Array, aad: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.slice(0, IV_BYTES), additionalData: new TextEncoder().encode(aad) }, key,
    sealed.slice(IV_BYTES) as BufferSource));
}
