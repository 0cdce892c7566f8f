/**
 * Ed25519 keys in WebCrypto, made non-extractable: the page can sign with them, and store them in IndexedDB, but no
 * script (not even this one) can read the private key's bytes.
 */

/** This browser's WebCrypto has no Ed25519. */
export class Ed25519UnsupportedError extends Error {
  constructor() {
    super('This browser cannot make Ed25519 keys (WebCrypto), which Parley needs for this browser to be a device.');
    this.name = 'Ed25519UnsupportedError';
  }
}

export async function generateSigningKey(): Promise<CryptoKeyPair> {
  try {
    return (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'NotSupportedError') {
      throw new Ed25519UnsupportedError();
    }
    throw error;
  }
}

/** The raw 32-byte public key (a public key stays exportable). */
export async function publicKeyBytes(pair: CryptoKeyPair): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
}

export async function sign(pair: CryptoKeyPair, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, data as BufferSource));
}

/** The identity fingerprint: lowercase hex of SHA-256 over the raw public key. */
export async function fingerprint(publicKey: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', publicKey as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
