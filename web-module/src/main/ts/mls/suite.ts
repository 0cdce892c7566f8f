/**
 * MLS cipher suite 1 (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519) for ts-mls, signing with non-extractable
 * WebCrypto keys.
 *
 * ts-mls signs with the bytes of a private key: `CiphersuiteImpl.signature.sign(signKey, data)`. This browser's
 * device key is a non-extractable Ed25519 CryptoKey, whose bytes no script can read. So ts-mls is handed a key
 * handle in place of key bytes: {@link signingHandle} registers a CryptoKey and returns an opaque handle (a fixed
 * prefix and 16 random bytes, nothing derived from the key), and the suite's `sign` resolves the handle to the
 * CryptoKey and signs with `crypto.subtle.sign('Ed25519', …)`. A handle that was not registered in this page is
 * refused: raw key bytes are never signed with. Verification, hashing, HPKE and key derivation stay ts-mls's own.
 */
import {
  type CiphersuiteImpl, getCiphersuiteFromName, getCiphersuiteImpl,
} from 'ts-mls';

export const SUITE_NAME = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519';

const HANDLE_PREFIX = new TextEncoder().encode('parley-webcrypto-key:');
const HANDLE_RANDOM_BYTES = 16;

/** The CryptoKeys behind the handles of this page, by handle (hex). */
const keysByHandle = new Map<string, CryptoKey>();
/** The handle of each registered CryptoKey, so that a key registered again keeps its handle. */
const handlesByKey = new WeakMap<CryptoKey, Uint8Array>();

/** ts-mls was asked to sign with something that is not a handle of a WebCrypto key of this page. */
export class UnknownSigningHandleError extends Error {
  constructor() {
    super('ts-mls was asked to sign with a key that is not a WebCrypto key of this page; raw private keys are not used.');
    this.name = 'UnknownSigningHandleError';
  }
}

/**
 * The handle ts-mls is given as the "private key" of an Ed25519 CryptoKey (usage "sign"): stands for the key in this
 * page only, and is worthless anywhere else. The same key always gets the same handle.
 */
export function signingHandle(privateKey: CryptoKey): Uint8Array {
  if (privateKey.type !== 'private' || privateKey.algorithm.name !== 'Ed25519' || !privateKey.usages.includes('sign')) {
    throw new TypeError('a signing handle stands for an Ed25519 private key that may sign');
  }
  const known = handlesByKey.get(privateKey);
  if (known) {
    return known.slice();
  }
  const handle = new Uint8Array(HANDLE_PREFIX.length + HANDLE_RANDOM_BYTES);
  handle.set(HANDLE_PREFIX);
  handle.set(crypto.getRandomValues(new Uint8Array(HANDLE_RANDOM_BYTES)), HANDLE_PREFIX.length);
  keysByHandle.set(hex(handle), privateKey);
  handlesByKey.set(privateKey, handle);
  return handle.slice();
}

/** This browser's WebCrypto lacks what suite 1 needs besides Ed25519: X25519 (HPKE, through @hpke/core). */
export class MlsUnsupportedError extends Error {
  constructor() {
    super('This browser cannot make X25519 keys (WebCrypto), which MLS in Parley needs.');
    this.name = 'MlsUnsupportedError';
  }
}

let suite: Promise<CiphersuiteImpl> | null = null;

/**
 * Suite 1 of ts-mls (its HPKE is WebCrypto's X25519 and AES-GCM through @hpke/core), whose signatures come from
 * WebCrypto keys by handle. Fails with MlsUnsupportedError in a browser without X25519.
 */
export function parleySuite(): Promise<CiphersuiteImpl> {
  suite ??= supportsX25519().then(() => getCiphersuiteImpl(getCiphersuiteFromName(SUITE_NAME))).then((impl) => ({
    ...impl,
    signature: {
      sign: signWithHandle,
      verify: (publicKey, message, signature) => impl.signature.verify(publicKey, message, signature),
      keygen: () => Promise.reject(new Error('MLS signature keys are the device key; ts-mls does not make them here.')),
    },
  }));
  suite.catch(() => {
    suite = null;
  });
  return suite;
}

async function supportsX25519(): Promise<void> {
  try {
    await crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'NotSupportedError') {
      throw new MlsUnsupportedError();
    }
    throw error;
  }
}

async function signWithHandle(handle: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const key = keysByHandle.get(hex(handle));
  if (!key) {
    throw new UnknownSigningHandleError();
  }
  return new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key, message as BufferSource));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
