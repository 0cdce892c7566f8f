/**
 * Makes this device's KeyPackages with ts-mls, exactly as the SDK's KeyPackageFactory does with bcmls (suite 1): the
 * leaf's signature key is the device key, its basic credential identity is `user_id + "/" + device_id` (UTF-8, what
 * the gateway checks), its lifetime runs from 10 minutes ago to 60 days ahead, its capabilities are bcmls's
 * (mls10; suites 1 to 7; basic and x509 credentials; no extensions or proposals beyond the defaults, no GREASE), and
 * neither the leaf nor the KeyPackage carries extensions (the last-resort KeyPackage is marked at upload, not by the
 * `last_resort` extension).
 */
import {
  type Capabilities, type CiphersuiteImpl, type CiphersuiteName, encodeMlsMessage, generateKeyPackageWithKey,
  type KeyPackage, type PrivateKeyPackage,
} from 'ts-mls';
import { encodeKeyPackage } from 'ts-mls/keyPackage.js';
import { refhash } from 'ts-mls/crypto/hash.js';
import { parleySuite, signingHandle } from './suite';

/** How long a KeyPackage can be used: 60 days (the gateway accepts at most 90 by default). */
export const LIFETIME_SECONDS = 60 * 24 * 3600;
/** A KeyPackage's lifetime starts this much in the past, for clocks that run behind. */
export const BACKDATE_SECONDS = 10 * 60;

/** The device whose KeyPackages are made: its ids and its non-extractable Ed25519 device key. */
export interface KeyPackageOwner {
  readonly userId: string;
  readonly deviceId: string;
  readonly deviceKey: CryptoKeyPair;
}

/** One KeyPackage made here: what is uploaded and what stays in this browser to join with it. */
export interface GeneratedKeyPackage {
  /** KeyPackageRef, lowercase hex (RefHash("MLS 1.0 KeyPackage Reference", the KeyPackage's bytes)). */
  readonly ref: string;
  /** The whole MLSMessage(KeyPackage), as uploaded. */
  readonly message: Uint8Array;
  readonly initPrivateKey: Uint8Array;
  readonly encryptionPrivateKey: Uint8Array;
  /** Unix seconds. */
  readonly notBefore: number;
  readonly notAfter: number;
  readonly lastResort: boolean;
}

/** The leaf capabilities of the SDK's KeyPackages (bcmls `new Capabilities()`), without ts-mls's random GREASE. */
export const CAPABILITIES: Capabilities = {
  versions: ['mls10'],
  ciphersuites: [
    'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519',
    'MLS_128_DHKEMP256_AES128GCM_SHA256_P256',
    'MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519',
    'MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448',
    'MLS_256_DHKEMP521_AES256GCM_SHA512_P521',
    'MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448',
    'MLS_256_DHKEMP384_AES256GCM_SHA384_P384',
  ] satisfies CiphersuiteName[],
  extensions: [],
  proposals: [],
  credentials: ['basic', 'x509'],
};

/** The MLS credential identity of a device: `user_id + "/" + device_id` in UTF-8. */
export function credentialIdentity(userId: string, deviceId: string): Uint8Array {
  return new TextEncoder().encode(`${userId}/${deviceId}`);
}

/** `count` KeyPackages of the device, all with one lifetime starting at `nowSeconds` less the backdate. */
export async function generateKeyPackages(owner: KeyPackageOwner, count: number, lastResort: boolean,
  nowSeconds: number): Promise<GeneratedKeyPackage[]> {
  const generated: GeneratedKeyPackage[] = [];
  for (let i = 0; i < count; i++) {
    generated.push((await makeKeyPackage(owner, lastResort, nowSeconds)).generated);
  }
  return generated;
}

/** One KeyPackage of the device, also as ts-mls objects (e.g. for the leaf of a group it creates). */
export async function makeKeyPackage(owner: KeyPackageOwner, lastResort: boolean, nowSeconds: number): Promise<{
  generated: GeneratedKeyPackage; keyPackage: KeyPackage; privatePackage: PrivateKeyPackage;
}> {
  const suite = await parleySuite();
  const signatureKeys = {
    signKey: signingHandle(owner.deviceKey.privateKey),
    publicKey: new Uint8Array(await crypto.subtle.exportKey('raw', owner.deviceKey.publicKey)),
  };
  const notBefore = nowSeconds - BACKDATE_SECONDS;
  const notAfter = nowSeconds + LIFETIME_SECONDS;
  const credential = { credentialType: 'basic' as const, identity: credentialIdentity(owner.userId, owner.deviceId) };
  const { publicPackage, privatePackage } = await generateKeyPackageWithKey(credential, CAPABILITIES,
    { notBefore: BigInt(notBefore), notAfter: BigInt(notAfter) }, [], signatureKeys, suite, []);
  return {
    generated: {
      ref: await keyPackageRef(publicPackage, suite),
      message: encodeMlsMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: publicPackage }),
      initPrivateKey: privatePackage.initPrivateKey,
      encryptionPrivateKey: privatePackage.hpkePrivateKey,
      notBefore, notAfter, lastResort,
    },
    keyPackage: publicPackage,
    privatePackage,
  };
}

/** KeyPackageRef = RefHash("MLS 1.0 KeyPackage Reference", KeyPackage), lowercase hex. */
export async function keyPackageRef(keyPackage: KeyPackage, suite: CiphersuiteImpl): Promise<string> {
  const ref = await refhash('MLS 1.0 KeyPackage Reference', encodeKeyPackage(keyPackage), suite.hash);
  return Array.from(ref, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
